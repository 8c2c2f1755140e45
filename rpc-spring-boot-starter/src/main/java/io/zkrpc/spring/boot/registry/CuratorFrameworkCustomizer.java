package io.zkrpc.spring.boot.registry;

import org.apache.curator.framework.CuratorFrameworkFactory;

/** Has the last say on the Curator client of the ZooKeeper registry; declare it as a bean. */
@FunctionalInterface
public interface CuratorFrameworkCustomizer {

    void customize(CuratorFrameworkFactory.Builder builder);
}
