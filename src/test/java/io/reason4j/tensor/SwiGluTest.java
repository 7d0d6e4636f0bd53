package io.reason4j.tensor;

import static io.reason4j.tensor.FiniteDifferences.check;
import static io.reason4j.tensor.FiniteDifferences.toFloat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SwiGluTest {
    static double[] reference(double[] gate, double[] up) {
        double[] h = new double[gate.length];
        for (int i = 0; i < h.length; i++) h[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
        return h;
    }

    @Test
    void gradientsMatchCentralDifferencesIncludingLargeGates() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 203;
        double[] gate = FiniteDifferences.roundToFloat(FiniteDifferences.random(r, n, 6));
        double[] up = FiniteDifferences.roundToFloat(FiniteDifferences.random(r, n, 2));
        gate[0] = 30;
        gate[1] = -30;
        double[] weights = FiniteDifferences.random(r, n, 1);
        float[] h = new float[n];
        SwiGlu.forward(toFloat(gate), toFloat(up), h, 0, n);
        double[] expected = reference(gate, up);
        for (int i = 0; i < n; i++) assertThat((double) h[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(expected[i]))));

        float[] dGate = toFloat(weights), dUp = new float[n], again = new float[n];
        SwiGlu.backward(toFloat(gate), toFloat(up), dGate, dGate, dUp, again, 0, n); // dGate aliases dh, as allowed
        for (int i = 0; i < n; i++) assertThat(again[i]).as("h recomputed").isCloseTo(h[i], org.assertj.core.data.Offset.offset(1e-6f * Math.max(1, Math.abs(h[i]))));
        check("dGate", v -> FiniteDifferences.dot(weights, reference(v, up)), gate, dGate, n, i -> true, 1);
        check("dUp", v -> FiniteDifferences.dot(weights, reference(gate, v)), up, dUp, n, i -> true, 2);
    }
}
