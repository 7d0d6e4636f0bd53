package io.reason4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Jinja2SyntaxTest {

    @Test
    void wrapsTheOperandOfNotUpToALowerPrecedenceOperator() {
        assertThat(Jinja2Syntax.toJinjava("{%- if not message.tool_calls|length == 1 -%}"))
                .isEqualTo("{%- if not( message.tool_calls|length == 1) -%}");
        assertThat(Jinja2Syntax.toJinjava("{{ not a and not (b or c) if d else e }}"))
                .isEqualTo("{{ not( a) and not( (b or c)) if d else e }}");
        assertThat(Jinja2Syntax.toJinjava("{{ f(not a, b) }}")).isEqualTo("{{ f(not( a), b) }}");
    }

    @Test
    void leavesIsNotNotInTextStringsAndCommentsAlone() {
        String unchanged = "not x {{ a is not none }}{{ 'a' not in b }}{{ 'not x' }}{# not y #}"
                + "{%- raw %}{{ not x }}{% endraw %}";
        assertThat(Jinja2Syntax.toJinjava(unchanged)).isEqualTo(unchanged);
    }

    @Test
    void wrapsTheValueOfANamedArgument() {
        assertThat(Jinja2Syntax.toJinjava("{%- set ns = namespace(a=true, last=messages|length - 1) %}"))
                .isEqualTo("{%- set ns = namespace(a=true, last=(messages|length - 1)) %}");
        // One token needs no parentheses; assignments, comparisons and groupings are not named arguments.
        String unchanged = "{{ t | tojson(indent=4) }}{% set a, b = 1, 2 %}{{ (x == y) }}{% if a >= b %}{% endif %}";
        assertThat(Jinja2Syntax.toJinjava(unchanged)).isEqualTo(unchanged);
    }

    @Test
    void writesAReverseSliceAsAFilter() {
        assertThat(Jinja2Syntax.toJinjava("{%- for m in messages[::-1] %}{{ m.tool_calls[::-1]|length }}"))
                .isEqualTo("{%- for m in (messages|reverse|list) %}{{ (m.tool_calls|reverse|list)|length }}");
    }

    @Test
    void findsTheEndOfATagPastStringsThatContainDelimiters() {
        assertThat(Jinja2Syntax.toJinjava("{{ '}}' + x }} {% set y = \"%}\" if not z %}"))
                .isEqualTo("{{ '}}' + x }} {% set y = \"%}\" if not( z) %}");
    }

    @Test
    void keepsLineBreaksSoThatLineNumbersStillMatch() {
        String template = "{%- if not\n  a ==\n b %}\nx\n{%- endif %}";
        assertThat(Jinja2Syntax.toJinjava(template).lines().count()).isEqualTo(template.lines().count());
    }
}
