package dev.marketfn.indicators;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The committed reference CSV (see reference/README.md): bars plus TA-Lib/formula values, blank = undefined. */
record ReferenceData(List<String> names, List<BarInput> bars, List<Double[]> expected) {

    static final String RESOURCE = "/indicators-reference.csv";

    static ReferenceData load() throws IOException {
        try (InputStream in = ReferenceData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> header = Arrays.asList(reader.readLine().split(","));
            List<String> names = header.subList(6, header.size());
            List<BarInput> bars = new ArrayList<>();
            List<Double[]> expected = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",", -1);
                bars.add(new BarInput(Double.parseDouble(cells[1]), Double.parseDouble(cells[2]),
                        Double.parseDouble(cells[3]), Double.parseDouble(cells[4]), Double.parseDouble(cells[5])));
                Double[] row = new Double[names.size()];
                for (int i = 0; i < row.length; i++) {
                    String cell = cells[6 + i];
                    row[i] = cell.isEmpty() ? null : Double.valueOf(cell);
                }
                expected.add(row);
            }
            return new ReferenceData(List.copyOf(names), bars, expected);
        }
    }
}
