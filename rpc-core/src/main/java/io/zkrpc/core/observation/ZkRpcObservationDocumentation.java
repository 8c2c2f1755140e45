package io.zkrpc.core.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/** The observations of zkrpc calls and their keys. */
public enum ZkRpcObservationDocumentation implements ObservationDocumentation {

    /** One logical call made by a consumer, its retries included: {@code zkrpc.client.requests}. */
    CLIENT {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultZkRpcClientObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return ClientHighCardinalityKeyNames.values();
        }
    },

    /** One call served by a provider: {@code zkrpc.server.requests}. */
    SERVER {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultZkRpcServerObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return ServerHighCardinalityKeyNames.values();
        }
    };

    /** The keys of both sides, with few values each: tags of the timers. */
    public enum LowCardinalityKeyNames implements KeyName {

        /** Always {@code zkrpc}. */
        RPC_SYSTEM("rpc.system"),
        /** The service interface's name, with {@code :version} when the service is versioned. */
        RPC_SERVICE("rpc.service"),
        /** The method's name (overloads share it). */
        RPC_METHOD("rpc.method"),
        /** {@code SUCCESS}, {@code SERVICE_EXCEPTION} (the service method threw) or {@code RPC_ERROR} (the machinery failed). */
        OUTCOME("outcome"),
        /** The {@code RpcErrorCode}'s name, or the simple name of the service's own exception; {@code none} on success. */
        ERROR_CODE("error.code");

        private final String name;

        LowCardinalityKeyNames(String name) {
            this.name = name;
        }

        @Override
        public String asString() {
            return name;
        }
    }

    /** The consumer side's keys with many values: span tags, never timer tags. */
    public enum ClientHighCardinalityKeyNames implements KeyName {

        /** {@code host:port} of the instance that answered or was tried last; {@code none} when none was. */
        SERVER_ADDRESS("server.address");

        private final String name;

        ClientHighCardinalityKeyNames(String name) {
            this.name = name;
        }

        @Override
        public String asString() {
            return name;
        }
    }

    /** The provider side's keys with many values: span tags, never timer tags. */
    public enum ServerHighCardinalityKeyNames implements KeyName {

        /** The caller's address as the transport saw it; {@code unknown} when it did not say. */
        CLIENT_ADDRESS("client.address");

        private final String name;

        ServerHighCardinalityKeyNames(String name) {
            this.name = name;
        }

        @Override
        public String asString() {
            return name;
        }
    }
}
