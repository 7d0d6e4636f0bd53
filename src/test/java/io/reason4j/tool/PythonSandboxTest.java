package io.reason4j.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the model sees from ordinary calls: output, notebook echo, trimmed tracebacks, sessions. */
class PythonSandboxTest {
    private static PythonSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = PythonSandbox.start(SandboxConfig.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void printsAndEchoesTheLastExpressionLikeANotebook() {
        ToolResult r = sandbox.execute("print(1+1)\nx = 6\nx * 7");
        assertThat(r.status()).isEqualTo(ToolStatus.OK);
        assertThat(r.stdout()).isEqualTo("2\n42\n");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(sandbox.execute("x = 1").stdout()).isEmpty();
        assertThat(sandbox.execute("None").stdout()).isEmpty();
        assertThat(sandbox.execute("'a'").stdout()).isEqualTo("'a'\n");
    }

    @Test
    void tracebacksShowTheUsersCodeOnly() {
        ToolResult r = sandbox.execute("def f(x):\n    return 1 / x\nf(0)");
        assertThat(r.status()).isEqualTo(ToolStatus.ERROR);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("""
                Traceback (most recent call last):
                  File "<code>", line 3, in <module>
                    f(0)
                  File "<code>", line 2, in f
                    return 1 / x
                           ~~^~~
                ZeroDivisionError: division by zero
                """);
    }

    @Test
    void libraryFramesBetweenTheUsersLineAndTheRaiseAreElided() {
        ToolResult r = sandbox.execute("import fractions\nfractions.Fraction(1, 0)");
        assertThat(r.stderr()).startsWith("Traceback (most recent call last):\n  File \"<code>\", line 2, in <module>\n");
        assertThat(r.stderr()).endsWith("ZeroDivisionError: Fraction(1, 0)\n");
        assertThat(r.stderr()).doesNotContain("sandbox_server");
    }

    @Test
    void syntaxErrorsReadAsThePythonPrintsThem() {
        ToolResult r = sandbox.execute("x = (");
        assertThat(r.status()).isEqualTo(ToolStatus.ERROR);
        assertThat(r.stderr()).isEqualTo("  File \"<code>\", line 1\n    x = (\n        ^\nSyntaxError: '(' was never closed\n");
    }

    @Test
    void exitStatusOfSysExit() {
        assertThat(sandbox.execute("import sys\nsys.exit(3)").exitCode()).isEqualTo(3);
        assertThat(sandbox.execute("import sys\nsys.exit(3)").status()).isEqualTo(ToolStatus.ERROR);
        ToolResult bye = sandbox.execute("import sys\nprint('bye')\nsys.exit(0)");
        assertThat(bye.status()).as(bye.toString()).isEqualTo(ToolStatus.OK);
    }

    @Test
    void scientificModulesAreThere() {
        ToolResult r = sandbox.execute("import sympy, numpy, math, fractions, itertools\n"
                + "print(sympy.factorint(2**32 + 1), int(numpy.arange(5).sum()), math.comb(10, 3))");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("{641: 1, 6700417: 1} 10 120\n");
    }

    @Test
    void everyCallStartsFresh() {
        assertThat(sandbox.execute("secret = 41").ok()).isTrue();
        ToolResult r = sandbox.execute("print(secret)");
        assertThat(r.status()).isEqualTo(ToolStatus.ERROR);
        assertThat(r.stderr()).endsWith("NameError: name 'secret' is not defined\n");
        assertThat(sandbox.execute("open('left.txt', 'w').write('x')").ok()).isTrue();
        assertThat(sandbox.execute("import os\nprint(os.listdir('.'))").stdout()).isEqualTo("[]\n");
    }

    @Test
    void aSessionKeepsStateAcrossCallsButNotTheirOutput() {
        PythonSession session = sandbox.newSession();
        assertThat(session.execute("a = 20\nprint('first')").stdout()).isEqualTo("first\n");
        assertThat(session.execute("b = a +").status()).isEqualTo(ToolStatus.ERROR);
        ToolResult r = session.execute("b = a + 22\nb");
        assertThat(r.stdout()).isEqualTo("42\n");
        assertThat(sandbox.newSession().execute("a").status()).isEqualTo(ToolStatus.ERROR);
    }

    @Test
    void modelTextPutsErrorsAfterOutputAndKeepsHeadAndTail() {
        ToolResult r = sandbox.execute("print('partial', end='')\nraise ValueError('bad')");
        assertThat(r.text()).isEqualTo("partial\nTraceback (most recent call last):\n  File \"<code>\", line 2, in <module>\n"
                + "    raise ValueError('bad')\nValueError: bad\n");
        ToolResult lines = sandbox.execute("for i in range(1000):\n    print(i)");
        String shown = lines.text(40);
        assertThat(shown).startsWith("0\n1\n2\n").endsWith("998\n999\n").contains("characters cut");
    }

    @Test
    void chatArgumentsGiveTheSameCode() {
        assertThat(sandbox.inputFromArguments(Map.of("code", "print(1)"))).isEqualTo("print(1)");
        assertThat(sandbox.parameters()).containsEntry("required", List.of("code"));
    }
}
