package io.zkrpc.core.internal.codec;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.AbstractMap;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONReader;
import com.alibaba.fastjson2.JSONWriter;
import com.alibaba.fastjson2.modules.ObjectReaderModule;
import com.alibaba.fastjson2.reader.ObjectReader;
import com.alibaba.fastjson2.reader.ObjectReaderImplMap;
import com.alibaba.fastjson2.reader.ObjectReaderProvider;
import com.alibaba.fastjson2.writer.ObjectWriter;
import com.alibaba.fastjson2.writer.ObjectWriterProvider;

/**
 * How values look on the wire, set up once for every call: zkrpc's own fastjson2 providers (the
 * application's global fastjson2 settings are neither used nor changed).
 *
 * <ul>
 *   <li>Dates and times are ISO-8601: {@code LocalDateTime} as {@code "2024-02-29T13:45:07.123"},
 *       {@code java.util.Date} as the UTC instant {@code "2024-02-29T13:45:07.123Z"},
 *       {@code ZonedDateTime} with its offset and zone ({@code "2024-02-29T13:45:07+01:00[Europe/Paris]"});
 *       the other {@code java.time} types are already ISO-8601 in fastjson2.</li>
 *   <li>An enum constant is its name; a name the reader's enum lacks fails the decoding with a
 *       message naming the enum type and the value, never turning into {@code null}.</li>
 *   <li>A value declared as {@code Map} keeps the order of the JSON object (a {@code LinkedHashMap}).</li>
 * </ul>
 */
final class WireFormat {

    private static final ObjectWriterProvider WRITERS = new ObjectWriterProvider();
    private static final ObjectReaderProvider READERS = new ObjectReaderProvider();

    static {
        WRITERS.register(LocalDateTime.class, iso(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        WRITERS.register(ZonedDateTime.class, iso(DateTimeFormatter.ISO_ZONED_DATE_TIME));
        WRITERS.register(Date.class, (writer, value, fieldName, fieldType, features) -> {
            if (value == null) {
                writer.writeNull();
            } else {
                writer.writeString(DateTimeFormatter.ISO_INSTANT.format(((Date) value).toInstant()));
            }
        });
        READERS.register(new OrderedMaps());
    }

    /** The features every read has: unknown enum names fail; no {@code $ref} resolution. */
    private static final JSONReader.Feature[] READ_FEATURES = {
        JSONReader.Feature.ErrorOnEnumNotMatch, JSONReader.Feature.DisableReferenceDetect
    };

    private static final Pattern ENUM_MISMATCH = Pattern.compile("parse enum error, class ([\\w.$]+), value (.{0,64}?), offset");

    private WireFormat() {
    }

    /** A writer of a value, in UTF-8. */
    static JSONWriter writer() {
        // A map's non-string keys (numbers, UUIDs, enums) as JSON strings: fastjson2 writes a number key bare otherwise
        // ({-7:"x"}), which is not JSON, and JsonScanner refuses it.
        return JSONWriter.ofUTF8(new JSONWriter.Context(WRITERS, JSONWriter.Feature.WriteNonStringKeyAsString));
    }

    /**
     * A writer of an error: a value that {@link ExceptionProperties} finds unfit to travel (a
     * throwable, a class, a stack frame…) is left out wherever it sits, in a property's bean too.
     */
    static JSONWriter errorWriter() {
        JSONWriter.Context context = new JSONWriter.Context(WRITERS);
        context.setPropertyFilter((object, name, value) -> ExceptionProperties.fitToWrite(value));
        return JSONWriter.ofUTF8(context);
    }

    /** A fresh read context (fastjson2 creates one per read too). */
    static JSONReader.Context readContext() {
        return new JSONReader.Context(READERS, READ_FEATURES);
    }

    /**
     * The message of a decoding failure, in zkrpc's words where it knows the case (see
     * {@link #enumMismatch}), else fastjson2's.
     */
    static String describe(Throwable failure) {
        String mismatch = enumMismatch(failure);
        if (mismatch != null) {
            return mismatch;
        }
        return failure instanceof JSONException ? failure.getMessage() : failure.toString();
    }

    /**
     * "enum io.example.Color has no constant BLUE …" when {@code failure} is an enum constant
     * unknown to this side, else {@code null}.
     */
    static String enumMismatch(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JSONException && cause.getMessage() != null) {
                Matcher mismatch = ENUM_MISMATCH.matcher(cause.getMessage());
                if (mismatch.find()) {
                    return "enum " + mismatch.group(1) + " has no constant " + mismatch.group(2)
                            + " (the other side's version of the enum has a constant that this side's lacks)";
                }
            }
        }
        return null;
    }

    // JSONB (JsonbCodec): the same writers and readers. One writer feature only, enums by name (JSONB writes ordinals
    // otherwise, which a reordered enum would silently misread); none that writes a class name.
    private static final long JSONB_FEATURES = JSONWriter.Feature.WriteEnumsUsingName.mask;

    /** A JSONB writer of a value. */
    static JSONWriter jsonbWriter() {
        JSONWriter.Context context = new JSONWriter.Context(WRITERS);
        context.setFeatures(JSONB_FEATURES);
        return JSONWriter.ofJSONB(context);
    }

    /** A JSONB writer of an error's properties, leaving out what {@link #errorWriter()} leaves out. */
    static JSONWriter jsonbErrorWriter() {
        JSONWriter.Context context = new JSONWriter.Context(WRITERS);
        context.setFeatures(JSONB_FEATURES);
        context.setPropertyFilter((object, name, value) -> ExceptionProperties.fitToWrite(value));
        return JSONWriter.ofJSONB(context);
    }

    private static ObjectWriter<Object> iso(DateTimeFormatter format) {
        return (writer, value, fieldName, fieldType, features) -> {
            if (value == null) {
                writer.writeNull();
            } else {
                writer.writeString(format.format((TemporalAccessor) value));
            }
        };
    }

    /** Reads a value declared as {@code Map} (or {@code AbstractMap}) into a {@code LinkedHashMap}, as fastjson2 would into a {@code HashMap}. */
    private static final class OrderedMaps implements ObjectReaderModule {
        @Override
        public ObjectReader getObjectReader(ObjectReaderProvider provider, Type type) {
            Type raw = type instanceof ParameterizedType parameterized ? parameterized.getRawType() : type;
            if (raw != Map.class && raw != AbstractMap.class) {
                return null;
            }
            ObjectReader<?> maps = ObjectReaderImplMap.of(type, LinkedHashMap.class, 0);
            if (type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments()[0] instanceof Class<?> key
                    && key != Object.class && key != String.class && key != CharSequence.class) {
                return new TypedKeys(maps, key);
            }
            return maps;
        }
    }

    /**
     * A map whose keys are declared other than strings: fastjson2's JSONB map reader leaves them the
     * strings it read (a {@code Map<Color, …>} or {@code Map<Integer, …>} of {@code String}s: heap
     * pollution, a {@code ClassCastException} far away), so each becomes its declared type here: an
     * enum constant (a name the enum lacks fails as an unknown enum value does, {@link #enumMismatch}),
     * a number, a {@code UUID}; a key of another type fails the decoding rather than stay a string.
     */
    private static final class TypedKeys implements ObjectReader<Object> {
        private final ObjectReader<?> maps;
        private final Class<?> keyType;

        TypedKeys(ObjectReader<?> maps, Class<?> keyType) {
            this.maps = maps;
            this.keyType = keyType;
        }

        @Override
        public Object readObject(JSONReader reader, Type fieldType, Object fieldName, long features) {
            return keyed(reader, maps.readObject(reader, fieldType, fieldName, features));
        }

        @Override
        public Object readJSONBObject(JSONReader reader, Type fieldType, Object fieldName, long features) {
            return keyed(reader, maps.readJSONBObject(reader, fieldType, fieldName, features));
        }

        @SuppressWarnings("unchecked")
        private Object keyed(JSONReader reader, Object read) {
            if (!(read instanceof Map<?, ?> map)) {
                return read;
            }
            Map<Object, Object> keyed = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = entry.getKey();
                if (key != null && !keyType.isInstance(key)) {
                    key = convert(reader, key.toString());
                }
                keyed.put(key, entry.getValue());
            }
            return keyed;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Object convert(JSONReader reader, String key) {
            String shown = key.length() > 64 ? key.substring(0, 64) + "…" : key;
            if (keyType.isEnum()) {
                try {
                    return Enum.valueOf((Class<? extends Enum>) keyType, key);
                } catch (IllegalArgumentException e) {
                    throw new JSONException("parse enum error, class " + keyType.getName() + ", value " + shown + ", offset " + reader.getOffset());
                }
            }
            try {
                Object converted = switch (keyType.getName()) {
                    case "java.lang.Integer", "int" -> Integer.valueOf(key);
                    case "java.lang.Long", "long" -> Long.valueOf(key);
                    case "java.lang.Short", "short" -> Short.valueOf(key);
                    case "java.lang.Byte", "byte" -> Byte.valueOf(key);
                    case "java.lang.Double", "double" -> Double.valueOf(key);
                    case "java.lang.Float", "float" -> Float.valueOf(key);
                    case "java.lang.Boolean", "boolean" -> Boolean.valueOf(key);
                    case "java.util.UUID" -> java.util.UUID.fromString(key);
                    case "java.math.BigInteger" -> key.length() <= 64 ? new java.math.BigInteger(key) : null;
                    case "java.math.BigDecimal" -> key.length() <= 64 ? new java.math.BigDecimal(key) : null;
                    default -> null;
                };
                if (converted != null) {
                    return converted;
                }
            } catch (IllegalArgumentException e) {
                // fails below
            }
            throw new JSONException("a map key " + shown + " is not a " + keyType.getName() + " (a key of this type is not supported)");
        }
    }
}
