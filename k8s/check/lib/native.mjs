// Native-image rules that can be read from the sources in a second. They do not replace the native build (bin/test
// still runs every native build step with quarkus.native.sources-only, and only GraalVM/Mandrel proves the rest); they
// catch the ways this code base has of breaking a native image that no build step without GraalVM notices:
//  1. a class Jackson reads reflectively (an Open API operation's data record, an event payload) that is not
//     registered for reflection: in a native image its constructor and accessors are gone, and binding fails at run
//     time only;
//  2. constructs the closed world of a native image does not support without extra configuration (dynamic class
//     loading, dynamic proxies, class definition at run time, JNI, AWT/Swing, Java serialization);
//  3. a runtime dependency that is not a Quarkus extension or on the allow-list (native-deps-allowed.txt): a plain
//     library brings its reflection and resources without the native metadata an extension provides.
// A line may opt out of rule 2 with a comment "native-ok: <why>" on it or on the line above.
import fs from "node:fs";
import path from "node:path";
import { SERVICES, javaFiles, stripComments } from "./code.mjs";

const MODULES = ["common", ...SERVICES];

const FORBIDDEN = [
  { re: /\bClass\.forName\s*\(\s*(?!")/, why: "dynamic Class.forName (the class must be known at build time)" },
  { re: /\bProxy\.newProxyInstance\s*\(/, why: "java.lang.reflect.Proxy at run time (needs a proxy configuration)" },
  { re: /\.defineClass\s*\(|\.defineHiddenClass\s*\(/, why: "defining classes at run time (impossible in a native image)" },
  { re: /\bSystem\.(loadLibrary|load)\s*\(/, why: "JNI library loading (needs JNI configuration)" },
  { re: /^\s*import\s+(java\.awt|javax\.swing)\b/, why: "AWT/Swing (not supported by the Quarkus native build)" },
  { re: /\bnew\s+ObjectInputStream\s*\(/, why: "Java serialization (needs serialization configuration)" },
];

const JACKSON_TARGET = /\b(?:readValue|treeToValue|convertValue|readerFor)\s*\([^;]*?\b([A-Z]\w*)\.class\b/g;

function readAllowed(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, "utf8").split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
}

/** Whether the declaration at index `at` of `code` carries @RegisterForReflection among its annotations. */
function registeredAt(code, at) {
  // Walk back over the annotations: stop at the end of the previous member (; { or } outside parentheses).
  let depth = 0;
  let i = at - 1;
  for (; i >= 0; i--) {
    const c = code[i];
    if (c === ")") depth++;
    else if (c === "(") depth--;
    else if (depth === 0 && (c === ";" || c === "{" || c === "}")) break;
  }
  return /@(?:io\.quarkus\.runtime\.annotations\.)?RegisterForReflection\b/.test(code.slice(i + 1, at));
}

function declaration(code, simpleName) {
  return new RegExp(`\\b(record|class|interface|enum)\\s+${simpleName}\\b`).exec(code);
}

/**
 * The declaration of a type named as in the code ("Data", "GetTaskOperation.Data"): in the same file first, then in
 * any file (for a qualified name: the file declaring its outer type). {file, registered} or null (not ours).
 */
function findType(sources, from, name) {
  const parts = name.split(".");
  const simple = parts.pop();
  const outer = parts.pop();
  const candidates = outer
    ? sources.filter((s) => declaration(s.code, outer))
    : [from, ...sources.filter((s) => s !== from)];
  for (const s of candidates) {
    const m = declaration(s.code, simple);
    if (m) return { file: s.file, registered: registeredAt(s.code, m.index) };
  }
  return null;
}

function pomDependencies(pomFile) {
  const pom = fs.readFileSync(pomFile, "utf8").replace(/<!--[\s\S]*?-->/g, "");
  const deps = pom.match(/<dependencies>([\s\S]*?)<\/dependencies>/g) || [];
  const out = [];
  for (const block of deps) {
    // Versions in <dependencyManagement> and a plugin's own dependencies are not the module's dependencies.
    const at = pom.indexOf(block);
    const inside = (open, close) => pom.lastIndexOf(open, at) > pom.lastIndexOf(close, at);
    if (inside("<dependencyManagement>", "</dependencyManagement>") || inside("<plugin>", "</plugin>")) continue;
    for (const d of block.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
      const tag = (t) => (d[1].match(new RegExp(`<${t}>\\s*([^<]+?)\\s*</${t}>`)) || [])[1];
      out.push({ groupId: tag("groupId"), artifactId: tag("artifactId"), scope: tag("scope") || "compile" });
    }
  }
  return out;
}

/** Problems of the native rules for the repository at root: [{where, message}]. */
export function nativeProblems(root, allowedFile) {
  const problems = [];
  const allowed = readAllowed(allowedFile);
  const sources = [];
  for (const mod of MODULES) {
    for (const file of javaFiles(root, mod)) {
      const raw = fs.readFileSync(file, "utf8");
      sources.push({ module: mod, file: path.relative(root, file), raw, code: stripComments(raw) });
    }
  }
  if (sources.length === 0) {
    problems.push({ where: root, message: "no Java sources found under */src/main/java (wrong --root?)" });
    return problems;
  }

  for (const src of sources) {
    // Rule 1: operation data records and Jackson targets are registered for reflection.
    const targets = new Set();
    for (const m of src.code.matchAll(/implements\s+OpenApiOperation\s*<\s*([\w.]+)\s*>/g)) {
      targets.add(m[1]);
    }
    for (const m of src.code.matchAll(JACKSON_TARGET)) targets.add(m[1]);
    for (const t of targets) {
      if (["String", "Object", "JsonNode", "Map", "List", "Record"].includes(t)) continue;
      const found = findType(sources, src, t);
      if (!found) continue; // a JDK or library type: its extension registers it
      if (!found.registered) {
        problems.push({
          where: found.file,
          message: `${t} is read by Jackson (${src.file}) but not annotated @RegisterForReflection: a native image cannot bind it`,
        });
      }
    }
    // Rule 2: constructs the native image does not support without configuration.
    const codeLines = src.code.split("\n");
    const rawLines = src.raw.split("\n");
    codeLines.forEach((line, i) => {
      for (const f of FORBIDDEN) {
        if (!f.re.test(line)) continue;
        const optOut = /native-ok:/.test(rawLines[i] || "") || /native-ok:/.test(rawLines[i - 1] || "");
        if (!optOut) problems.push({ where: `${src.file}:${i + 1}`, message: `${f.why}` });
      }
    });
  }

  // Rule 3: runtime dependencies are Quarkus extensions, project modules or allowed libraries.
  for (const mod of MODULES) {
    const pom = path.join(root, mod, "pom.xml");
    if (!fs.existsSync(pom)) continue;
    for (const d of pomDependencies(pom)) {
      if (d.scope === "test" || d.scope === "provided") continue;
      const id = `${d.groupId}:${d.artifactId}`;
      const ok = d.groupId === "io.switchboard" || /^io\.quarkus(\.|$)/.test(d.groupId)
        || /^io\.quarkiverse(\.|$)/.test(d.groupId) || allowed.includes(id);
      if (!ok) {
        problems.push({
          where: path.relative(root, pom),
          message: `runtime dependency ${id} is neither a Quarkus extension nor in k8s/check/native-deps-allowed.txt `
            + "(add it there only once it is known to work in a native image)",
        });
      }
    }
  }
  return problems;
}
