package dev.marketfn.training;

/**
 * Fits a logistic regression by Newton's method (IRLS) on standardized features with an L2 penalty on the
 * coefficients (not the intercept), for a fixed number of iterations: no convergence test, so the same rows give the
 * same bits on every run and machine (strict IEEE doubles, one summation order).
 */
public final class LogisticTrainer {
    private final double l2;
    private final int iterations;

    /** {@code l2}: the penalty λ in {@code −loglik + λ/2·|β|²}, on the standardized scale; {@code iterations} ≥ 1. */
    public LogisticTrainer(double l2, int iterations) {
        if (!(l2 >= 0) || iterations < 1) {
            throw new IllegalArgumentException("l2 must be >= 0 and iterations >= 1");
        }
        this.l2 = l2;
        this.iterations = iterations;
    }

    /** {@code x[row][feature]}, {@code y[row]} in {0, 1}; at least one row. */
    public LogisticFit fit(double[][] x, int[] y) {
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException("need rows, one label per row");
        }
        int d = x[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (double[] row : x) {
                s += row[j];
            }
            mean[j] = s / n;
            double v = 0;
            for (double[] row : x) {
                v += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
            double sd = Math.sqrt(v / n);
            // a constant feature carries nothing; std 1 keeps the file loadable (std > 0) and its coefficient at 0
            std[j] = sd > 1e-12 ? sd : 1.0;
        }
        double[][] z = new double[n][d + 1];
        for (int i = 0; i < n; i++) {
            z[i][0] = 1.0;
            for (int j = 0; j < d; j++) {
                z[i][j + 1] = (x[i][j] - mean[j]) / std[j];
            }
        }
        double[] beta = new double[d + 1];
        for (int it = 0; it < iterations; it++) {
            double[] gradient = new double[d + 1];
            double[][] hessian = new double[d + 1][d + 1];
            for (int i = 0; i < n; i++) {
                double p = sigmoid(dot(beta, z[i]));
                double w = Math.max(p * (1 - p), 1e-10);
                for (int a = 0; a <= d; a++) {
                    gradient[a] += (p - y[i]) * z[i][a];
                    for (int b = 0; b <= a; b++) {
                        hessian[a][b] += w * z[i][a] * z[i][b];
                    }
                }
            }
            for (int a = 1; a <= d; a++) {
                gradient[a] += l2 * beta[a];
                hessian[a][a] += l2;
            }
            // a tiny ridge on the intercept too: a separable or one-class set keeps the system solvable
            hessian[0][0] += 1e-9;
            for (int a = 0; a <= d; a++) {
                for (int b = a + 1; b <= d; b++) {
                    hessian[a][b] = hessian[b][a];
                }
            }
            double[] step = solve(hessian, gradient);
            for (int a = 0; a <= d; a++) {
                beta[a] -= step[a];
            }
        }
        double[] coefficients = new double[d];
        System.arraycopy(beta, 1, coefficients, 0, d);
        return new LogisticFit(mean, std, beta[0], coefficients);
    }

    static double sigmoid(double z) {
        double clamped = Math.max(-30, Math.min(30, z));
        return 1.0 / (1.0 + Math.exp(-clamped));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Cholesky solve of the symmetric positive-definite {@code a·s = g}. */
    private static double[] solve(double[][] a, double[] g) {
        int m = g.length;
        double[][] l = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j][j];
            }
        }
        double[] t = new double[m];
        for (int i = 0; i < m; i++) {
            double s = g[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * t[k];
            }
            t[i] = s / l[i][i];
        }
        double[] s = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            double v = t[i];
            for (int k = i + 1; k < m; k++) {
                v -= l[k][i] * s[k];
            }
            s[i] = v / l[i][i];
        }
        return s;
    }
}
