package io.zkrpc.spring.boot.properties;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ZooKeeperConnectStringTests {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:2181", "localhost", "zk1.example.com:2181,zk2.example.com:2182", "zk1:2181, zk2:2181",
            "zk1:2181/team-a", "zk1:2181,zk2:2181/team-a/apps", "[::1]:2181", "[2001:db8::1]", "zk_1:2181", "zk1/"})
    void wellFormedConnectStringsPass(String connectString) {
        assertThat(ZooKeeperConnectString.problem(connectString, false)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "localhost:abc|whose port 'abc' is no number from 1 to 65535",
            "localhost:0|whose port '0' is no number from 1 to 65535",
            "localhost:65536|whose port '65536' is no number",
            "zk1:2181,,zk2:2181|names an empty server",
            "zk1:2181/a//b|is no ZooKeeper path",
            "zk1:2181/a/|is no ZooKeeper path",
            "::1:2181|with two ':'",
            "[::1:2181|lacks its ']'",
            "http://zk1:2181|is no ZooKeeper path",
            ":2181|without a host"})
    void malformedConnectStringsAreNamed(String connectString, String problem) {
        assertThat(ZooKeeperConnectString.problem(connectString, false)).contains(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:0"})
    void anEmbeddedZooKeeperMayTakeAFreePort(String connectString) {
        assertThat(ZooKeeperConnectString.problem(connectString, true)).isNull();
        assertThat(ZooKeeperConnectString.problem(connectString, false)).contains("port '0'");
    }
}
