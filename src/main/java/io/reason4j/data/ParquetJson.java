package io.reason4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * One Parquet row as the JSON value pyarrow's {@code to_pylist()} would give: a struct becomes an
 * object, a LIST a JSON list, a MAP an object with its keys as text, an absent optional value null,
 * strings text, integers and floating point numbers numbers, decimals exact numbers. Other values
 * (INT96 timestamps, unannotated binary) become text; dates and times stay the numbers Parquet
 * stores. Only the fields we read need more than text, and they are strings, lists and structs.
 */
final class ParquetJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ParquetJson() {
    }

    static ObjectNode row(Group row) {
        return struct(row);
    }

    private static ObjectNode struct(Group group) {
        GroupType type = group.getType();
        ObjectNode object = NODES.objectNode();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type field = type.getType(i);
            object.set(field.getName(), field(group, i, field));
        }
        return object;
    }

    /** A field: an unannotated repeated field is a list; an absent optional field is null. */
    private static JsonNode field(Group group, int index, Type field) {
        int count = group.getFieldRepetitionCount(index);
        if (field.isRepetition(Type.Repetition.REPEATED)) {
            ArrayNode list = NODES.arrayNode(count);
            for (int j = 0; j < count; j++) {
                list.add(value(group, index, j, field));
            }
            return list;
        }
        return count == 0 ? NODES.nullNode() : value(group, index, 0, field);
    }

    private static JsonNode value(Group group, int index, int repetition, Type type) {
        if (type.isPrimitive()) {
            return primitive(group, index, repetition, type.asPrimitiveType());
        }
        Group child = group.getGroup(index, repetition);
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && isList(child.getType())) {
            return list(child);
        }
        if ((annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) && isList(child.getType())) {
            return map(child);
        }
        return struct(child);
    }

    /** A LIST or MAP group holds exactly one repeated field; one that does not is read as a struct. */
    private static boolean isList(GroupType type) {
        return type.getFieldCount() == 1 && type.getType(0).isRepetition(Type.Repetition.REPEATED);
    }

    /**
     * A LIST: the standard three levels ({@code list (LIST) { repeated group list { optional element } }},
     * what pyarrow writes) or the older two (the repeated field is the element), told apart by the
     * backward-compatibility rules of the Parquet format's LogicalTypes.md.
     */
    private static ArrayNode list(Group list) {
        GroupType listType = list.getType();
        Type repeated = listType.getType(0);
        int count = list.getFieldRepetitionCount(0);
        ArrayNode out = NODES.arrayNode(count);
        boolean threeLevel = !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
                && !repeated.getName().equals("array") && !repeated.getName().equals(listType.getName() + "_tuple");
        for (int j = 0; j < count; j++) {
            if (threeLevel) {
                Group wrapper = list.getGroup(0, j);
                out.add(field(wrapper, 0, repeated.asGroupType().getType(0)));
            } else {
                out.add(value(list, 0, j, repeated));
            }
        }
        return out;
    }

    /** A MAP: {@code map (MAP) { repeated group key_value { required key; optional value } }}. */
    private static ObjectNode map(Group map) {
        ObjectNode out = NODES.objectNode();
        Type repeated = map.getType().getType(0);
        if (repeated.isPrimitive()) {
            return out; // a set of keys without values: nothing we read is one
        }
        GroupType entry = repeated.asGroupType();
        for (int j = 0; j < map.getFieldRepetitionCount(0); j++) {
            Group pair = map.getGroup(0, j);
            JsonNode key = field(pair, 0, entry.getType(0));
            out.set(key.isTextual() ? key.textValue() : key.toString(),
                    entry.getFieldCount() > 1 ? field(pair, 1, entry.getType(1)) : NODES.nullNode());
        }
        return out;
    }

    private static JsonNode primitive(Group group, int index, int repetition, PrimitiveType type) {
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        boolean unsigned = annotation instanceof IntLogicalTypeAnnotation integer && !integer.isSigned();
        return switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> NODES.booleanNode(group.getBoolean(index, repetition));
            case INT32 -> {
                int v = group.getInteger(index, repetition);
                if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
                    yield NODES.numberNode(BigDecimal.valueOf(v, decimal.getScale()));
                }
                yield unsigned ? NODES.numberNode(Integer.toUnsignedLong(v)) : NODES.numberNode(v);
            }
            case INT64 -> {
                long v = group.getLong(index, repetition);
                if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
                    yield NODES.numberNode(BigDecimal.valueOf(v, decimal.getScale()));
                }
                yield unsigned && v < 0 ? NODES.numberNode(new BigInteger(Long.toUnsignedString(v))) : NODES.numberNode(v);
            }
            case FLOAT -> NODES.numberNode(group.getFloat(index, repetition));
            case DOUBLE -> NODES.numberNode(group.getDouble(index, repetition));
            case BINARY, FIXED_LEN_BYTE_ARRAY -> {
                byte[] bytes = group.getBinary(index, repetition).getBytes();
                if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
                    yield NODES.numberNode(new BigDecimal(new BigInteger(bytes), decimal.getScale()));
                }
                if (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
                    yield NODES.textNode(group.getValueToString(index, repetition));
                }
                // Strings (and JSON, enums, unannotated binary that pandas writes for bytes) as text.
                yield NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
            }
            case INT96 -> NODES.textNode(group.getValueToString(index, repetition));
        };
    }
}
