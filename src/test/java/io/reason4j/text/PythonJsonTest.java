package io.reason4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonJsonTest {

    @Test
    void writesPythonsLayout() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", Arrays.asList(true, null, "x"));
        value.put("a", 1);
        assertThat(PythonJson.dumps(value, null, false)).isEqualTo("{\"b\": [true, null, \"x\"], \"a\": 1}");
        assertThat(PythonJson.dumps(value, null, true)).isEqualTo("{\"a\": 1, \"b\": [true, null, \"x\"]}");
        assertThat(PythonJson.dumps(value, "    ", false))
                .isEqualTo("{\n    \"b\": [\n        true,\n        null,\n        \"x\"\n    ],\n    \"a\": 1\n}");
        assertThat(PythonJson.dumps(List.of(), "  ", false)).isEqualTo("[]");
    }

    @Test
    void escapesOnlyWhatJsonNeedsAndKeepsNonAscii() {
        assertThat(PythonJson.dumps("数 \"\\\t\u0001", null, false)).isEqualTo("\"数 \\\"\\\\\\t\\u0001\"");
    }

    @Test
    void writesFloatsAsPythonsRepr() {
        assertThat(PythonJson.pythonFloat(1.0)).isEqualTo("1.0");
        assertThat(PythonJson.pythonFloat(0.1)).isEqualTo("0.1");
        assertThat(PythonJson.pythonFloat(0.0001)).isEqualTo("0.0001");
        assertThat(PythonJson.pythonFloat(0.00001)).isEqualTo("1e-05");
        assertThat(PythonJson.pythonFloat(123456789.0)).isEqualTo("123456789.0");
        assertThat(PythonJson.pythonFloat(1e16)).isEqualTo("1e+16");
        assertThat(PythonJson.pythonFloat(-2.5e-7)).isEqualTo("-2.5e-07");
        assertThat(PythonJson.pythonFloat(Double.NaN)).isEqualTo("NaN");
    }
}
