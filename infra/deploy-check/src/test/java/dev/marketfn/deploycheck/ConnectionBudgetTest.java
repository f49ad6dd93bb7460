package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Issue #19, blocker 3: per environment, the client connections every Knative Service can open at max-scale (and the
 * dead-letter Deployment at its replicas)
 * (Σ max-scale × reactive pool max-size, from the rendered overlay and the functions' config) must fit one PgBouncer
 * pod's max_client_conn (the Service does not spread clients evenly, and a pooler pod can be lost), and the pooler's
 * server connections (instances × (default_pool_size + reserve_pool_size)) plus headroom must fit PostgreSQL
 * max_connections. The Pooler and Cluster are rendered from the terraform templates with the values the env's
 * workloads root passes (variables.tf defaults there, module defaults otherwise).
 */
class ConnectionBudgetTest {
    /** superuser_reserved_connections (3) + replication, operator, monitoring, psql. Equal to modules/postgres connection_headroom. */
    static final int HEADROOM = 13;

    record Budget(int clients, int maxClientConn, int serverConns, int maxConnections, String detail) {
        List<String> problems(String env) {
            List<String> p = new ArrayList<>();
            if (clients > maxClientConn) {
                p.add(env + ": " + clients + " client connections (" + detail + ") exceed PgBouncer max_client_conn " + maxClientConn);
            }
            if (serverConns + HEADROOM > maxConnections) {
                p.add(env + ": pooler server connections " + serverConns + " + headroom " + HEADROOM + " exceed max_connections " + maxConnections);
            }
            return p;
        }
    }

    static int functionsDefaultPoolSize() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(Locations.repo().resolve("functions/runtime/src/main/resources/META-INF/microprofile-config.properties"))));
        return Integer.parseInt(p.getProperty("quarkus.datasource.reactive.max-size", "4")); // Quarkus default 4
    }

    static Map<String, Object> rootDefaults(String env) {
        Path f = Locations.repo().resolve("terraform/envs/" + env + "/workloads/variables.tf");
        Map<String, Object> out = new HashMap<>();
        Hcl.parse(List.of(f)).get(f).json().path("variable").properties().forEach(v -> {
            JsonNode d = v.getValue().path(0).path("default");
            if (d.isValueNode() && !d.isNull()) {
                out.put(v.getKey(), d.asText());
            }
        });
        return out;
    }

    static ObjectNode renderTemplate(String name, Map<String, Object> vars) throws IOException {
        Path t = Locations.repo().resolve("terraform/modules/postgres/manifests/" + name);
        return Yaml.documents(Tftpl.render(Files.readString(t), vars)).getFirst();
    }

    static Budget budget(List<ObjectNode> rendered, Map<String, Object> root) throws IOException {
        Objects objs = new Objects(rendered);
        ObjectNode runtime = SchemaNegativeTest.find(rendered, "ConfigMap", "marketfn-runtime");
        int defaultSize = functionsDefaultPoolSize();
        int clients = 0;
        StringBuilder detail = new StringBuilder();
        for (ObjectNode s : objs.databaseClients()) { // dead-letter: replicas instead of max-scale
            int maxScale = s.path("kind").asText().equals("Deployment") ? s.at("/spec/replicas").asInt(0)
                    : Integer.parseInt(s.at("/spec/template/metadata/annotations").path("autoscaling.knative.dev/max-scale").asText("0"));
            assertThat(maxScale).as("%s max-scale (or replicas) must be set and > 0 (unbounded scale has no connection budget)", Objects.name(s)).isPositive();
            int size = defaultSize;
            JsonNode fromMap = runtime.at("/data/QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE");
            if (!fromMap.isMissingNode()) {
                size = Integer.parseInt(fromMap.asText());
            }
            for (JsonNode e : s.at("/spec/template/spec/containers/0/env")) {
                if ("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE".equals(e.path("name").asText())) {
                    size = Integer.parseInt(e.path("value").asText());
                }
            }
            clients += maxScale * size;
            detail.append(Objects.name(s)).append(' ').append(maxScale).append('x').append(size).append("; ");
        }
        String url = runtime.at("/data/QUARKUS_DATASOURCE_REACTIVE_URL").asText();
        assertThat(url).as("functions must connect through the Pooler").contains("-pooler-rw.");
        Map<String, Object> vars = new HashMap<>();
        vars.put("name", TerraformTest.defaultOf("postgres", "cluster_name"));
        vars.put("namespace", TerraformTest.defaultOf("postgres", "namespace"));
        vars.put("pooler_instances", root.getOrDefault("pooler_instances", TerraformTest.defaultOf("postgres", "pooler_instances")));
        vars.put("max_client_conn", root.getOrDefault("pooler_max_client_conn", TerraformTest.defaultOf("postgres", "pooler_max_client_conn")));
        vars.put("default_pool_size", root.getOrDefault("pooler_default_pool_size", TerraformTest.defaultOf("postgres", "pooler_default_pool_size")));
        vars.put("reserve_pool_size", root.getOrDefault("pooler_reserve_pool_size", TerraformTest.defaultOf("postgres", "pooler_reserve_pool_size")));
        vars.put("max_prepared_statements", TerraformTest.defaultOf("postgres", "pooler_max_prepared_statements"));
        ObjectNode pooler = renderTemplate("pooler.yaml.tftpl", vars);
        assertThat(url).as("URL names the Pooler's service").contains("//" + Objects.name(pooler) + "." + Objects.namespace(pooler) + ".svc:");
        JsonNode pg = pooler.at("/spec/pgbouncer");
        assertThat(pg.path("poolMode").asText()).isEqualTo("transaction");
        assertThat(pg.at("/parameters/max_prepared_statements").asInt(0)).as("prepared statements in transaction mode").isPositive();
        Map<String, Object> cvars = new HashMap<>(TerraformTest.TEMPLATE_VALUES.get("postgres").getFirst());
        cvars.put("max_connections", root.getOrDefault("postgres_max_connections", TerraformTest.defaultOf("postgres", "max_connections")));
        ObjectNode cluster = renderTemplate("cluster.yaml.tftpl", cvars);
        int instances = pooler.at("/spec/instances").asInt();
        int server = instances * (pg.at("/parameters/default_pool_size").asInt() + pg.at("/parameters/reserve_pool_size").asInt(0));
        return new Budget(clients, pg.at("/parameters/max_client_conn").asInt(), server,
                cluster.at("/spec/postgresql/parameters/max_connections").asInt(), detail.toString());
    }

    @Test
    void everyEnvironmentFitsItsPoolerAndPostgres() throws IOException {
        assertThat(TerraformTest.defaultOf("postgres", "connection_headroom")).isEqualTo(String.valueOf(HEADROOM));
        for (String overlay : Rendered.OVERLAYS) {
            String env = Path.of(overlay).getFileName().toString();
            Budget b = budget(Rendered.of(overlay), rootDefaults(env));
            assertThat(b.problems(env)).as("%s: %s", env, b).isEmpty();
            assertThat(b.clients()).as("%s: the budget counts real pods", env).isGreaterThan(100);
        }
    }

    @Test
    void theFunctionsDefaultPoolWithoutThePoolerWouldNotFit() throws IOException {
        // The situation of issue #19: 16 per pod straight at PostgreSQL's 100.
        List<ObjectNode> objs = Rendered.of("knative/overlays/prod");
        ((ObjectNode) SchemaNegativeTest.find(objs, "ConfigMap", "marketfn-runtime").get("data")).remove("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE");
        Budget b = budget(objs, rootDefaults("prod"));
        assertThat(b.problems("prod")).singleElement().asString().contains("exceed PgBouncer max_client_conn");
        Map<String, Object> small = new HashMap<>(rootDefaults("dev"));
        small.put("postgres_max_connections", "50");
        assertThat(budget(Rendered.of("knative/overlays/dev"), small).problems("dev")).singleElement().asString().contains("exceed max_connections 50");
    }
}
