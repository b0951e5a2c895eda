// What the code says the deployment must match: each service's port, its Open API operations, the public HTTP and
// WebSocket paths it serves. Read from the sources (no build needed), so the check runs in a second.
import fs from "node:fs";
import path from "node:path";

export const SERVICES = ["account-service", "message-service", "group-service", "callback-service"];

// Paths that are never public: admin API, internal API, Quarkus' own endpoints (health, metrics, OpenAPI).
export const PRIVATE_PREFIXES = ["/admin", "/internal", "/q"];

function walk(dir, pred, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

export function javaFiles(root, module) {
  return walk(path.join(root, module, "src/main/java"), (p) => p.endsWith(".java"));
}

/** quarkus.http.port of a service, from its application.properties (the profile-less line). */
export function servicePort(root, service) {
  const file = path.join(root, service, "src/main/resources/application.properties");
  const text = fs.readFileSync(file, "utf8");
  const m = text.match(/^\s*quarkus\.http\.port\s*[=:]\s*(\d+)\s*$/m);
  if (!m) throw new Error(`${file}: no quarkus.http.port line`);
  return Number(m[1]);
}

/** Java source without comments, so a commented-out annotation does not count. Keeps line breaks. */
export function stripComments(src) {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"])\/\/[^\n]*/g, "$1");
}

/** Every @OpenApiOp(name = "...") per service: [{service, name, file}]. */
export function openApiOperations(root) {
  const ops = [];
  for (const service of SERVICES) {
    for (const file of javaFiles(root, service)) {
      const src = stripComments(fs.readFileSync(file, "utf8"));
      for (const m of src.matchAll(/@OpenApiOp\s*\(([^)]*)\)/g)) {
        const name = m[1].match(/\bname\s*=\s*"([^"]+)"/);
        if (name) ops.push({ service, name: name[1], file: path.relative(root, file) });
      }
    }
  }
  return ops;
}

function joinPath(a, b) {
  const s = `/${a}/${b}`.replace(/\/+/g, "/");
  return s.length > 1 ? s.replace(/\/$/, "") : s;
}

/**
 * Public HTTP paths a service serves with JAX-RS (class @Path joined with method @Path), and WebSocket paths
 * (@WebSocket(path = ...)). Admin, internal and Quarkus paths are left out, and so is the Open API gate (its
 * operations are checked one by one). Returns [{service, path, kind: "http"|"websocket", file}].
 */
export function publicPaths(root) {
  const out = [];
  for (const service of SERVICES) {
    for (const file of javaFiles(root, service)) {
      const src = stripComments(fs.readFileSync(file, "utf8"));
      const rel = path.relative(root, file);
      for (const m of src.matchAll(/@WebSocket\s*\([^)]*\bpath\s*=\s*"([^"]+)"/g)) {
        out.push({ service, path: joinPath("", m[1]), kind: "websocket", file: rel });
      }
      // A REST client interface names another service's paths, not this one's.
      if (/@RegisterRestClient\b/.test(src)) continue;
      const paths = [...src.matchAll(/@Path\s*\(\s*"([^"]*)"\s*\)/g)];
      if (paths.length === 0) continue;
      // The first @Path before the class declaration is the class path; the others are methods' paths.
      const classAt = src.search(/\b(class|interface|record)\s+\w+/);
      const classPaths = paths.filter((m) => m.index < classAt);
      const base = classPaths.length ? classPaths[0][1] : "";
      const methodPaths = paths.filter((m) => m.index > classAt).map((m) => joinPath(base, m[1]));
      const all = methodPaths.length ? methodPaths : [joinPath("", base)];
      for (const p of all) {
        if (p === "/" || p.startsWith("/openapi/")) continue;
        if (PRIVATE_PREFIXES.some((x) => p === x || p.startsWith(x + "/"))) continue;
        out.push({ service, path: p, kind: "http", file: rel });
      }
    }
  }
  return out;
}

/** A concrete request path for a templated one: /LineProtocol/{action} -> /LineProtocol/action. */
export function samplePath(p) {
  return p.replace(/\{([^}:]+)(:[^}]*)?\}/g, (_, n) => n.trim());
}
