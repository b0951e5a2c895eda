// Each test breaks a copy of the manifests (or of the code they must match) in one way and expects bin/k8s-check to
// fail for that reason; the first one shows the unbroken copy passes, so a failure below is the break's doing.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../check.mjs";
import { SERVICES } from "../lib/code.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** A copy of what the check reads: k8s/ (without the check's own node_modules) and each module's pom and main sources. */
function copyRepo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-k8s-check-"));
  for (const d of ["base", "overlays", "secrets"]) fs.cpSync(path.join(ROOT, "k8s", d), path.join(dir, "k8s", d), { recursive: true });
  for (const m of ["common", ...SERVICES]) {
    fs.cpSync(path.join(ROOT, m, "pom.xml"), path.join(dir, m, "pom.xml"));
    const java = path.join(ROOT, m, "src/main/java");
    if (fs.existsSync(java)) fs.cpSync(java, path.join(dir, m, "src/main/java"), { recursive: true });
    const docker = path.join(ROOT, m, "src/main/docker");
    if (fs.existsSync(docker)) fs.cpSync(docker, path.join(dir, m, "src/main/docker"), { recursive: true });
    const props = path.join(ROOT, m, "src/main/resources/application.properties");
    if (fs.existsSync(props)) fs.cpSync(props, path.join(dir, m, "src/main/resources/application.properties"));
  }
  return dir;
}

/** Replaces `from` (string or RegExp) in a file of the copy; fails the test if it is not there (no silent no-op). */
function edit(dir, file, from, to) {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, "utf8");
  const next = text.replace(from, to);
  assert.notEqual(next, text, `${file}: the text to break was not found: ${from}`);
  fs.writeFileSync(p, next);
}

async function run(dir, only = ["prod"]) {
  try {
    return (await check({ root: dir, k8s: path.join(dir, "k8s"), only })).problems;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function expectProblem(problems, re) {
  assert.ok(problems.some((p) => re.test(p)), `expected a problem matching ${re}, got:\n${problems.join("\n") || "(none)"}`);
}

// Each test renders with kustomize (about a second): run them side by side.
describe("bin/k8s-check", { concurrency: 4 }, () => {
test("the unbroken copy passes, in both overlays", async () => {
  assert.deepEqual(await run(copyRepo(), ["dev", "prod"]), []);
});

test("an invalid manifest fails: wrong type", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/base/account-service.yaml", "containerPort: 8081", "containerPort: eighty-eighty-one");
  expectProblem(await run(dir), /Deployment\/account-service: .*containerPort must be integer/);
});

test("an invalid manifest fails: unknown field (a typo)", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/base/group-service.yaml", "readinessProbe:", "readinesProbe:");
  expectProblem(await run(dir), /Deployment\/group-service: .*readinesProbe: unknown field/);
});

test("an invalid manifest fails: kustomize cannot render it", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/base/kustomization.yaml", "  - ingress.yaml", "  - ingres.yaml");
  expectProblem(await run(dir), /\[prod\] kustomize build failed/);
});

test("an operation with no Ingress route fails", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/base/ingress.yaml", /^.*\/openapi\/v1\/getRobot,.*\n/m, "");
  expectProblem(await run(dir), /operation getRobot: no Ingress route for POST \/openapi\/v1\/getRobot/);
});

test("a new operation in the code with no Ingress route fails", async () => {
  const dir = copyRepo();
  const file = "message-service/src/main/java/io/switchboard/message/BrandNewOperation.java";
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), 'package io.switchboard.message;\n@OpenApiOp(name = "brandNew")\npublic class BrandNewOperation {}\n');
  expectProblem(await run(dir), /operation brandNew: no Ingress route .*BrandNewOperation\.java/);
});

test("an operation routed to the wrong service fails", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/base/ingress.yaml", /(\/openapi\/v1\/getTask, .*name: )callback-service, port: \{number: 8084\}/, "$1account-service, port: {number: 8081}");
  expectProblem(await run(dir), /operation getTask: routed to account-service:8081 .* but callback-service:8084 serves it/);
});

test("a device path or WebSocket without its route, or without WebSocket timeouts, fails", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/base/ingress.yaml", /^.*path: \/robot\/get-phone-code,.*\n/m, "");
  edit(dir, "k8s/base/ingress.yaml", 'proxy-read-timeout: "3600"', 'proxy-read-timeout: "60"');
  const problems = await run(dir);
  expectProblem(problems, /http path \/robot\/get-phone-code: no Ingress route to callback-service/);
  expectProblem(problems, /websocket path \/LineProtocol\/push: .*proxy-read-timeout >= 3600/);
});

test("a new public path in a service's code needs its route; a REST client's paths do not", async () => {
  const dir = copyRepo();
  const base = "callback-service/src/main/java/io/switchboard/callback/driver/imhttp";
  fs.mkdirSync(path.join(dir, base), { recursive: true });
  fs.writeFileSync(path.join(dir, base, "EngineCallbackResource.java"),
    'package x;\n@Path("/engine/imhttp")\npublic class EngineCallbackResource {\n  @POST @Path("{robot}/events") public void on() {}\n}\n');
  fs.writeFileSync(path.join(dir, base, "EngineClient.java"),
    'package x;\n@RegisterRestClient(configKey = "engine")\n@Path("/api/v1")\npublic interface EngineClient {\n  @POST @Path("send") void send();\n}\n');
  const problems = await run(dir);
  expectProblem(problems, /http path \/engine\/imhttp\/\{robot\}\/events: no Ingress route to callback-service/);
  assert.ok(!problems.some((p) => p.includes("/api/v1")), `a REST client's path was taken for a served one:\n${problems.join("\n")}`);
});

test("exposing /admin through the Ingress fails", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/base/ingress.yaml", "          - {path: /LineProtocol, pathType: Prefix,", "          - {path: /admin, pathType: Prefix, backend: {service: {name: account-service, port: {number: 8081}}}}\n          - {path: /LineProtocol, pathType: Prefix,");
  expectProblem(await run(dir), /path \/admin\/\*\*: must not be routed/);
});

test("a Deployment without a probe fails", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/base/message-service.yaml", /          livenessProbe:\n(            .*\n)+?(?=          lifecycle:)/, "");
  const problems = await run(dir);
  expectProblem(problems, /Deployment\/message-service container message-service: no livenessProbe/);
  expectProblem(problems, /Deployment\/message-service: no livenessProbe/);
});

test("a Deployment without limits fails", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/base/callback-service.yaml", /            limits:\n              cpu: "2"\n              memory: 2Gi\n/, "");
  const problems = await run(dir);
  expectProblem(problems, /Deployment\/callback-service container callback-service: no resources.limits.cpu/);
  expectProblem(problems, /Deployment\/callback-service container callback-service: no resources.limits.memory/);
});

test("a Deployment running as root fails", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/base/account-service.yaml", "runAsNonRoot: true\n        runAsUser: 1001", "runAsNonRoot: false\n        runAsUser: 0");
  expectProblem(await run(dir), /Deployment\/account-service container account-service: runAsNonRoot must be true/);
});

test("a service port that no longer matches the code fails", async () => {
  const dir = copyRepo();
  edit(dir, "group-service/src/main/resources/application.properties", "quarkus.http.port=8083", "quarkus.http.port=8093");
  const problems = await run(dir);
  expectProblem(problems, /Service\/group-service: port 8083, the code says 8093/);
  expectProblem(problems, /Deployment\/group-service: container port "http" is 8083, the code says 8093/);
});

test("a Secret template holding a value fails, and so does a Deployment asking for an undefined key", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/secrets/switchboard-secrets.template.yaml", "token: <admin-token>", "token: 3f9a0c1e");
  edit(dir, "k8s/secrets/switchboard-secrets.template.yaml", "keys: <k1:base64-32-bytes>", "key: <k1:base64-32-bytes>");
  const problems = await run(dir);
  expectProblem(problems, /Secret\/switchboard-admin-token key token: .* is not a <placeholder>/);
  expectProblem(problems, /env SB_CRYPTO_KEYS needs key keys of Secret switchboard-crypto/);
});

test("callback-service without the open-file limit or the shutdown budget fails", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/base/callback-service.yaml", 'value: "131072"', 'value: "1024"');
  edit(dir, "k8s/base/callback-service.yaml", "terminationGracePeriodSeconds: 90", "terminationGracePeriodSeconds: 60");
  const problems = await run(dir);
  expectProblem(problems, /SB_NOFILE must be at least 65536/);
  expectProblem(problems, /terminationGracePeriodSeconds 60 leaves less than 60 s after preStop \(10 s\)/);
});

test("callback-service's image without the open-file entrypoint fails", async () => {
  const dir = copyRepo();
  edit(dir, "callback-service/src/main/docker/Dockerfile.native", /^ENTRYPOINT .*$/m, 'ENTRYPOINT ["./application"]');
  expectProblem(await run(dir), /Dockerfile\.native: must start through nofile-entrypoint\.sh/);
});

test("prod without native images or anti-affinity fails", async () => {
  const dir = copyRepo();
  edit(dir, "k8s/overlays/prod/kustomization.yaml", "group-service, newTag: 1.0.0-SNAPSHOT-native", "group-service, newTag: 1.0.0-SNAPSHOT-jvm");
  edit(dir, "k8s/overlays/prod/kustomization.yaml", /            affinity:\n(              .*\n)+?(?=            topologySpreadConstraints)/, "");
  const problems = await run(dir);
  expectProblem(problems, /Deployment\/group-service: prod runs native images/);
  expectProblem(problems, /Deployment\/account-service: prod needs podAntiAffinity/);
});

test("a service that loses native compatibility fails: data record not registered for reflection", async () => {
  const dir = copyRepo();
  edit(dir, "callback-service/src/main/java/io/switchboard/callback/command/GetTaskOperation.java",
    "    @RegisterForReflection\n    public record Data(", "    public record Data(");
  expectProblem(await run(dir), /GetTaskOperation\.java: GetTaskOperation\.Data is read by Jackson .* not annotated @RegisterForReflection/);
});

test("a service that loses native compatibility fails: an event payload not registered for reflection", async () => {
  const dir = copyRepo();
  edit(dir, "common/src/main/java/io/switchboard/common/event/MerchantNotification.java", /@(io\.quarkus\.runtime\.annotations\.)?RegisterForReflection\s*\n/, "");
  expectProblem(await run(dir), /MerchantNotification\.java: MerchantNotification is read by Jackson \(callback-service/);
});

test("a service that loses native compatibility fails: dynamic class loading, or a plain library", async () => {
  const dir = copyRepo();
  edit(dir, "account-service/src/main/java/io/switchboard/account/rest/operation/GetRobotOperation.java",
    /public class GetRobotOperation([^{]*)\{/, 'public class GetRobotOperation$1{\n    static Object load(String n) throws Exception { return Class.forName(n); }');
  edit(dir, "group-service/pom.xml", "<dependencies>", "<dependencies>\n    <dependency><groupId>org.javassist</groupId><artifactId>javassist</artifactId><version>3.30.2-GA</version></dependency>");
  const problems = await run(dir);
  expectProblem(problems, /GetRobotOperation\.java:\d+: dynamic Class\.forName/);
  expectProblem(problems, /group-service\/pom\.xml: runtime dependency org\.javassist:javassist is neither a Quarkus extension/);
});
});
