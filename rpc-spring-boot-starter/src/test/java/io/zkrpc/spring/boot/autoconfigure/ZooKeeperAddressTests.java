package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ZooKeeperAddressTests {

    @Test
    void theFirstServerOfAnEnsembleIsTaken() {
        assertThat(ZooKeeperAddress.firstOf("zk1:2182,zk2:2183")).isEqualTo(new ZooKeeperAddress("zk1", 2182));
    }

    @Test
    void aServerWithoutPortGetsZooKeepersDefault() {
        assertThat(ZooKeeperAddress.firstOf(" zk1 , zk2:2183")).isEqualTo(new ZooKeeperAddress("zk1", 2181));
    }

    @Test
    void portZeroIsKeptToTakeAFreePort() {
        assertThat(ZooKeeperAddress.firstOf("127.0.0.1:0")).isEqualTo(new ZooKeeperAddress("127.0.0.1", 0));
    }

    @Test
    void aPortThatIsNoNumberIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> ZooKeeperAddress.firstOf("zk1:two"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zkrpc.registry.address").hasMessageContaining("zk1:two");
    }
}
