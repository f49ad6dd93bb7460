package dev.marketfn.alphacall;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.rules.FeatureScorer;
import dev.marketfn.rules.Identifiers;
import dev.marketfn.rules.ModelFiles;
import dev.marketfn.rules.ModelLoadException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model in an ONNX file, evaluated with ONNX Runtime (CPU). The file describes itself in its metadata_props:
 * {@code marketfn.name}, {@code marketfn.version} and {@code marketfn.features} (comma-separated indicator names or bar
 * fields, the column order of the input). The graph has one float input {@code [N, features]} and its first output
 * is p(up) as a float {@code [N, 1]} (or {@code [N]}), e.g. the scikit-learn export of src/model/train_sklearn_onnx.py.
 * Checked at load, so a file that does not fit fails start-up rather than every call. The session is thread-safe.
 */
public final class OnnxScorer extends FeatureScorer implements AutoCloseable {
    private static final int MAX_BYTES = 16 << 20;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;

    private OnnxScorer(OrtEnvironment env, OrtSession session, String input, AlphaCall.Model model,
            List<String> features) {
        super(model, features);
        this.env = env;
        this.session = session;
        this.input = input;
    }

    public static OnnxScorer load(Path path) {
        return ModelFiles.load(path, MAX_BYTES, OnnxScorer::parse);
    }

    public static OnnxScorer loadResource(String resource) {
        return ModelFiles.loadResource(OnnxScorer.class.getClassLoader(), resource, MAX_BYTES, OnnxScorer::parse);
    }

    public static OnnxScorer parse(byte[] bytes, String source) {
        OrtEnvironment env;
        OrtSession session;
        try {
            env = OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            // the native library did not load (platform without a bundled build, or a native image without it)
            throw new ModelLoadException(source, "ONNX Runtime is not available here: " + e);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // One thread per evaluation: a bar is one row, and the machine's cores belong to the other functions.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new ModelLoadException(source, "not a usable ONNX model: " + e.getMessage());
        }
        try {
            return describe(env, session, source);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static OnnxScorer describe(OrtEnvironment env, OrtSession session, String source) {
        try {
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            String name = ModelFiles.name(required(meta, "marketfn.name", source), "marketfn.name", source);
            String version = ModelFiles.version(required(meta, "marketfn.version", source), "marketfn.version",
                    source);
            List<String> features = new ArrayList<>();
            for (String f : required(meta, "marketfn.features", source).split(",", -1)) {
                if (!Identifiers.isKnown(f.strip())) {
                    throw new ModelLoadException(source, "unknown feature '" + f
                            + "' in marketfn.features (indicators of docs/contract/indicators.md or bar fields)");
                }
                features.add(f.strip());
            }
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1) {
                throw new ModelLoadException(source, "needs exactly one input, has " + inputs.keySet());
            }
            NodeInfo in = inputs.values().iterator().next();
            long[] shape = floatShape(in, source);
            if (shape.length != 2 || (shape[1] >= 0 && shape[1] != features.size())) {
                throw new ModelLoadException(source, "input '" + in.getName() + "' must be float [N, "
                        + features.size() + "] (one column per feature), is " + java.util.Arrays.toString(shape));
            }
            NodeInfo out = session.getOutputInfo().values().iterator().next();
            long[] outShape = floatShape(out, source);
            if (outShape.length < 1 || outShape.length > 2 || (outShape.length == 2 && outShape[1] > 1)) {
                throw new ModelLoadException(source, "first output '" + out.getName()
                        + "' must be p(up) as float [N, 1] or [N], is " + java.util.Arrays.toString(outShape));
            }
            return new OnnxScorer(env, session, in.getName(), new AlphaCall.Model(name, version), features);
        } catch (OrtException e) {
            throw new ModelLoadException(source, "cannot read the model's description: " + e.getMessage());
        }
    }

    private static long[] floatShape(NodeInfo node, String source) {
        if (!(node.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
            throw new ModelLoadException(source, "'" + node.getName() + "' must be a float tensor, is " + node.getInfo());
        }
        return t.getShape();
    }

    private static String required(Map<String, String> meta, String key, String source) {
        String v = meta.get(key);
        if (v == null || v.isBlank()) {
            throw new ModelLoadException(source, "metadata_props '" + key + "' is missing (docs/models.md)");
        }
        return v.strip();
    }

    @Override
    protected double probability(double[] x) {
        float[] row = new float[x.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) x[i];
        }
        return score(new float[][] {row})[0];
    }

    /** p(up) of each row, in the order given (also what the comparison with scikit-learn's outputs calls). */
    public double[] score(float[][] rows) {
        int width = features().size();
        FloatBuffer buffer = FloatBuffer.allocate(rows.length * width);
        for (float[] r : rows) {
            buffer.put(r, 0, width);
        }
        buffer.flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, new long[] {rows.length, width});
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            Object value = result.get(0).getValue();
            double[] p = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                p[i] = value instanceof float[][] m ? m[i][0] : ((float[]) value)[i];
            }
            return p;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX evaluation of " + model().name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing to recover: the session is being discarded
        }
    }
}
