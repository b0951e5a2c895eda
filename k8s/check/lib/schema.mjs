// Validates Kubernetes objects against the API schemas, offline. The schemas come from the npm package
// kubernetes-models (generated from the Kubernetes OpenAPI document): its validators check types, required fields,
// enums and formats (quantities, int-or-string). Like `kubeconform -strict`, an unknown field is an error too (a typo
// such as "livenesProbe" would otherwise pass silently): the field names come from the same package's type
// declarations.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const MODELS = path.dirname(require.resolve("kubernetes-models/package.json"));
const APIMACHINERY = path.dirname(require.resolve("@kubernetes-models/apimachinery/package.json"));

// ------------------------------------------------------------------ field names, from the .d.ts declarations

let typeIndex = null; // global type name -> {props: Map<field, typeText>}

function dtsFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "_schemas" && e.name !== "node_modules") dtsFiles(p, out);
    } else if (e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Splits an interface body into its properties ("name"?: type;), at brace depth 0. */
function properties(body) {
  const props = new Map();
  const text = body.replace(/\/\*[\s\S]*?\*\//g, "");
  const re = /"([^"]+)"\??:\s*/g;
  let m;
  while ((m = re.exec(text))) {
    let depth = 0;
    let i = re.lastIndex;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "{" || c === "<" || c === "(") depth++;
      else if (c === "}" || c === ">" || c === ")") depth--;
      else if (c === ";" && depth === 0) break;
    }
    props.set(m[1], text.slice(re.lastIndex, i).trim());
    re.lastIndex = i + 1;
  }
  return props;
}

function loadTypes() {
  if (typeIndex) return typeIndex;
  typeIndex = new Map();
  for (const file of [...dtsFiles(MODELS), ...dtsFiles(APIMACHINERY)]) {
    const src = fs.readFileSync(file, "utf8");
    const local = new Map();
    for (const m of src.matchAll(/export interface (\w+)(?:\s+extends\s+[\w, ]+)?\s*\{/g)) {
      // The body ends at the matching brace.
      let depth = 1;
      let i = m.index + m[0].length;
      for (; i < src.length && depth > 0; i++) {
        if (src[i] === "{") depth++;
        else if (src[i] === "}") depth--;
      }
      const props = properties(src.slice(m.index + m[0].length, i - 1));
      if (/extends\s+TypeMeta/.test(m[0])) {
        props.set("apiVersion", "string");
        props.set("kind", "string");
      }
      local.set(m[1], { props });
    }
    for (const m of src.matchAll(/export type \{([^}]*)\}/g)) {
      for (const pair of m[1].split(",")) {
        const [from, to] = pair.split(/\s+as\s+/).map((x) => x.trim());
        if (to && local.has(from)) typeIndex.set(to, local.get(from));
      }
    }
    const rel = path.relative(MODELS, file);
    for (const [name, t] of local) typeIndex.set(`${rel}#${name}`, t);
  }
  return typeIndex;
}

/** The interface of a top-level kind, e.g. apps/v1 Deployment -> {props}. */
function kindType(apiVersion, kind) {
  const types = loadTypes();
  return types.get(`${apiVersion}/${kind}.d.ts#I${kind}`) || null;
}

/** Reports every field the schema does not know, below `obj` of type text `typeText`. */
function unknownFields(obj, typeText, at, out) {
  if (obj === null || obj === undefined) return;
  const t = typeText.trim();
  const arr = t.match(/^Array<([\s\S]+)>$/);
  if (arr) {
    if (Array.isArray(obj)) obj.forEach((v, i) => unknownFields(v, arr[1], `${at}[${i}]`, out));
    return;
  }
  const map = t.match(/^\{\s*\[key: string\]:\s*([\s\S]+?);?\s*\}$/);
  if (map) {
    if (typeof obj === "object") for (const [k, v] of Object.entries(obj)) unknownFields(v, map[1], `${at}.${k}`, out);
    return;
  }
  if (!/^I\w+$/.test(t)) return; // a primitive, a literal union, int-or-string, a quantity
  const type = loadTypes().get(t);
  if (!type || typeof obj !== "object" || Array.isArray(obj)) return;
  walkKnown(obj, type, at, out);
}

function walkKnown(obj, type, at, out) {
  for (const [k, v] of Object.entries(obj)) {
    const fieldType = type.props.get(k);
    if (fieldType === undefined) {
      out.push(`${at ? at + "." : ""}${k}: unknown field`);
      continue;
    }
    unknownFields(v, fieldType, at ? `${at}.${k}` : k, out);
  }
}

// ---------------------------------------------------------------------------------------------- validation

async function modelClass(apiVersion, kind) {
  const mod = await import(`kubernetes-models/${apiVersion}`).catch(() => null);
  return mod && typeof mod[kind] === "function" ? mod[kind] : null;
}

/** Schema problems of one object: [] when it is valid. */
export async function schemaProblems(obj) {
  const { apiVersion, kind } = obj || {};
  if (!apiVersion || !kind) return ["missing apiVersion or kind"];
  const Model = await modelClass(apiVersion, kind);
  if (!Model) return [`no Kubernetes API schema for ${apiVersion} ${kind} (not a built-in kind of this API version)`];
  const problems = [];
  try {
    new Model(obj).validate();
  } catch (e) {
    problems.push(...String(e.message).split(/, (?=data)/).map((s) => s.replace(/^data\/?/, "").trim()));
  }
  const type = kindType(apiVersion, kind);
  if (!type) {
    problems.push(`no field list for ${apiVersion} ${kind}`);
  } else {
    walkKnown(obj, type, "", problems);
  }
  return problems;
}
