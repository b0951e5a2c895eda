// Switchboard's deployment policy over one rendered overlay: what a platform team checks before it accepts a
// manifest, and what the code says the manifests must match (ports, operations, device paths).
import { SERVICES, PRIVATE_PREFIXES, samplePath } from "./code.mjs";

// Routes DESIGN §3 requires before their code lands (the live stream is planned in callback-service).
export const PLANNED_ROUTES = [{ service: "callback-service", path: "/stream/ws", kind: "websocket" }];
// A socket lives for hours, idle between pings: the Ingress must wait at least this long (seconds) on a read.
export const WEBSOCKET_TIMEOUT_MIN = 3600;
// Seconds callback-service needs after its preStop to hand its links over (docs/DEPLOY.md: 5,000 links took ~3 s
// on loopback; tens of thousands with a cluster's round trips take up to a minute).
export const LINK_HANDOVER_MIN = 60;
// Open files callback-service must be allowed: one per device socket, tens of thousands per replica.
export const NOFILE_MIN = 65536;

const WORKLOADS = ["Deployment", "StatefulSet", "DaemonSet"];

const id = (o) => `${o.kind}/${o.metadata?.name}`;

function podSpec(o) {
  if (WORKLOADS.includes(o.kind) || o.kind === "Job") return o.spec?.template?.spec;
  if (o.kind === "CronJob") return o.spec?.jobTemplate?.spec?.template?.spec;
  return null;
}

function containerPort(container, port) {
  if (typeof port === "number") return port;
  const p = (container.ports || []).find((x) => x.name === port);
  return p ? p.containerPort : undefined;
}

/** The backend a request path reaches through the Ingresses (Exact first, then the longest Prefix), or null. */
export function route(ingresses, host, reqPath) {
  let best = null;
  for (const ing of ingresses) {
    for (const rule of ing.spec?.rules || []) {
      if (host !== undefined && rule.host && rule.host !== host) continue;
      for (const p of rule.http?.paths || []) {
        const exact = p.pathType === "Exact";
        const prefix = p.path.replace(/\/+$/, "");
        const matches = exact ? reqPath === p.path : reqPath === prefix || reqPath.startsWith(prefix + "/") || prefix === "";
        if (!matches) continue;
        const score = exact ? Infinity : prefix.length;
        if (!best || score > best.score) best = { score, ingress: ing, path: p, backend: p.backend?.service };
      }
    }
  }
  return best;
}

/**
 * Problems of one rendered overlay. `code` = {ports: {service: port}, operations, publicPaths};
 * `secrets` = Map<secretName, Set<key>> from the templates; `overlay` = its directory name.
 */
export function policyProblems(objects, code, secrets, overlay) {
  const problems = [];
  const fail = (o, msg) => problems.push(`${typeof o === "string" ? o : id(o)}: ${msg}`);
  const byKind = (k) => objects.filter((o) => o.kind === k);
  const find = (k, name) => objects.find((o) => o.kind === k && o.metadata?.name === name);
  const serviceAccounts = new Set(byKind("ServiceAccount").map((o) => o.metadata.name));

  // --- every workload: probes, requests, limits, non-root, no API token
  for (const o of objects) {
    const spec = podSpec(o);
    if (!spec) continue;
    const isWorkload = WORKLOADS.includes(o.kind);
    const podSc = spec.securityContext || {};
    if (spec.automountServiceAccountToken !== false) fail(o, "automountServiceAccountToken must be false (no API token in the pod)");
    if (spec.serviceAccountName && !serviceAccounts.has(spec.serviceAccountName)) {
      fail(o, `serviceAccountName ${spec.serviceAccountName} has no ServiceAccount in the render`);
    }
    for (const c of [...(spec.initContainers || []), ...(spec.containers || [])]) {
      const where = `${id(o)} container ${c.name}`;
      const sc = c.securityContext || {};
      const nonRoot = (sc.runAsNonRoot ?? podSc.runAsNonRoot) === true;
      const uid = sc.runAsUser ?? podSc.runAsUser;
      if (!nonRoot) problems.push(`${where}: runAsNonRoot must be true`);
      if (uid === 0) problems.push(`${where}: runAsUser must not be 0`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation must be false`);
      if (!(sc.capabilities?.drop || []).includes("ALL")) problems.push(`${where}: capabilities must drop ALL`);
      const seccomp = (sc.seccompProfile ?? podSc.seccompProfile)?.type;
      if (!["RuntimeDefault", "Localhost"].includes(seccomp)) problems.push(`${where}: seccompProfile must be RuntimeDefault (Pod Security "restricted")`);
      const r = c.resources || {};
      for (const k of ["cpu", "memory"]) {
        if (!r.requests?.[k]) problems.push(`${where}: no resources.requests.${k}`);
        if (!r.limits?.[k]) problems.push(`${where}: no resources.limits.${k}`);
      }
      if (isWorkload && (spec.containers || []).includes(c)) {
        for (const probe of ["readinessProbe", "livenessProbe"]) {
          if (!c[probe]) problems.push(`${where}: no ${probe}`);
        }
      }
    }
  }
  for (const sa of byKind("ServiceAccount")) {
    if (sa.automountServiceAccountToken !== false) fail(sa, "automountServiceAccountToken must be false");
  }

  // --- the four services: ports from the code, health probes, Service, HPA/PDB, migrations, shutdown
  for (const name of SERVICES) {
    const port = code.ports[name];
    const dep = find("Deployment", name);
    if (!dep) { fail(`Deployment/${name}`, "missing"); continue; }
    const c = (dep.spec.template.spec.containers || [])[0] || {};
    const cport = (c.ports || []).find((p) => p.name === "http");
    if (!cport || cport.containerPort !== port) {
      fail(dep, `container port "http" is ${cport?.containerPort}, the code says ${port} (${name} application.properties)`);
    }
    for (const [probe, prefix] of [["startupProbe", "/q/health/"], ["readinessProbe", "/q/health/ready"], ["livenessProbe", "/q/health/live"]]) {
      const p = c[probe];
      if (!p) { fail(dep, `no ${probe}`); continue; }
      if (!p.httpGet?.path?.startsWith(prefix)) fail(dep, `${probe} must GET ${prefix}…, not ${p.httpGet?.path}`);
      else if (containerPort(c, p.httpGet.port) !== port) fail(dep, `${probe} port ${p.httpGet.port} is not ${port}`);
    }
    if (!c.lifecycle?.preStop) fail(dep, "no preStop (the pod must drain before SIGTERM)");
    const svc = find("Service", name);
    if (!svc) fail(`Service/${name}`, "missing");
    else {
      const sp = (svc.spec.ports || [])[0] || {};
      if (sp.port !== port) fail(svc, `port ${sp.port}, the code says ${port}`);
      if (containerPort(c, sp.targetPort ?? sp.port) !== port) fail(svc, `targetPort ${sp.targetPort} does not reach container port ${port}`);
      const sel = svc.spec.selector || {};
      const labels = dep.spec.template.metadata?.labels || {};
      if (!Object.keys(sel).length || Object.entries(sel).some(([k, v]) => labels[k] !== v)) fail(svc, `selector does not select Deployment/${name}'s pods`);
    }
    if (!byKind("PodDisruptionBudget").some((p) => p.spec?.selector?.matchLabels?.["app.kubernetes.io/name"] === name)) {
      fail(dep, "no PodDisruptionBudget");
    }
    const job = byKind("Job").find((j) => j.metadata.labels?.["app.kubernetes.io/component"] === "migration"
      && j.metadata.labels?.["app.kubernetes.io/name"] === name);
    if (!job) fail(dep, "no migration Job (label app.kubernetes.io/component=migration)");
    else {
      const env = Object.fromEntries((job.spec.template.spec.containers[0].env || []).map((e) => [e.name, e.value]));
      if (env.QUARKUS_INIT_AND_EXIT !== "true" || env.QUARKUS_FLYWAY_MIGRATE_AT_START !== "true") {
        fail(job, "must run the service with QUARKUS_INIT_AND_EXIT=true and QUARKUS_FLYWAY_MIGRATE_AT_START=true");
      }
      if (job.spec.template.spec.containers[0].image !== c.image) fail(job, `image ${job.spec.template.spec.containers[0].image} is not the Deployment's ${c.image}`);
    }
    // Secrets the pods ask for must exist in the templates (or the render).
    for (const e of c.env || []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref && !(secrets.get(ref.name)?.has(ref.key))) fail(dep, `env ${e.name} needs key ${ref.key} of Secret ${ref.name}, which k8s/secrets/ does not define`);
    }
  }

  // --- callback-service: open files and a shutdown long enough to hand its links over
  const cb = find("Deployment", "callback-service");
  if (cb) {
    const c = cb.spec.template.spec.containers[0];
    const nofile = Number((c.env || []).find((e) => e.name === "SB_NOFILE")?.value);
    if (!(nofile >= NOFILE_MIN)) fail(cb, `SB_NOFILE must be at least ${NOFILE_MIN} (one descriptor per device socket), is ${nofile || "unset"}`);
    const preStop = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
    const grace = cb.spec.template.spec.terminationGracePeriodSeconds ?? 30;
    if (grace < preStop + LINK_HANDOVER_MIN) {
      fail(cb, `terminationGracePeriodSeconds ${grace} leaves less than ${LINK_HANDOVER_MIN} s after preStop (${preStop} s) to release the links`);
    }
  }

  // --- Ingress: every operation to its service, device paths and sockets to theirs, nothing private
  const ingresses = byKind("Ingress");
  const host = ingresses[0]?.spec?.rules?.[0]?.host;
  const backendOk = (r, service) => r && r.backend?.name === service
    && (r.backend.port?.number === code.ports[service] || r.backend.port?.name === "http");
  const seen = new Map();
  for (const op of code.operations) {
    if (seen.has(op.name)) fail(`operation ${op.name}`, `declared by both ${seen.get(op.name)} and ${op.service}`);
    seen.set(op.name, op.service);
    const r = route(ingresses, host, `/openapi/v1/${op.name}`);
    if (!r) fail(`operation ${op.name}`, `no Ingress route for POST /openapi/v1/${op.name} (declared in ${op.file})`);
    else if (!backendOk(r, op.service)) {
      fail(`operation ${op.name}`, `routed to ${r.backend?.name}:${r.backend?.port?.number ?? r.backend?.port?.name} by Ingress/${r.ingress.metadata.name}, but ${op.service}:${code.ports[op.service]} serves it (${op.file})`);
    }
  }
  for (const p of [...code.publicPaths, ...PLANNED_ROUTES]) {
    const req = samplePath(p.path);
    const r = route(ingresses, host, req);
    const what = `${p.kind} path ${p.path}`;
    if (!r) { fail(what, `no Ingress route to ${p.service}${p.file ? ` (served in ${p.file})` : ""}`); continue; }
    if (!backendOk(r, p.service)) fail(what, `routed to ${r.backend?.name}, but ${p.service} serves it`);
    if (p.kind === "websocket") {
      const a = r.ingress.metadata.annotations || {};
      for (const k of ["nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout"]) {
        if (!(Number(a[k]) >= WEBSOCKET_TIMEOUT_MIN)) fail(what, `Ingress/${r.ingress.metadata.name} needs ${k} >= ${WEBSOCKET_TIMEOUT_MIN} for a WebSocket`);
      }
    }
  }
  for (const prefix of PRIVATE_PREFIXES) {
    const r = route(ingresses, host, `${prefix}/anything`);
    if (r) fail(`path ${prefix}/**`, `must not be routed, Ingress/${r.ingress.metadata.name} sends it to ${r.backend?.name}`);
  }
  for (const ing of ingresses) {
    for (const rule of ing.spec?.rules || []) {
      for (const p of rule.http?.paths || []) {
        const svc = p.backend?.service?.name;
        if (!SERVICES.includes(svc)) fail(ing, `path ${p.path} goes to ${svc}, which is not a Switchboard service`);
        else if (p.backend.service.port?.number !== undefined && p.backend.service.port.number !== code.ports[svc]) {
          fail(ing, `path ${p.path} uses port ${p.backend.service.port.number} of ${svc}, the code says ${code.ports[svc]}`);
        }
      }
    }
  }

  // --- NetworkPolicy: deny by default
  if (!byKind("NetworkPolicy").some((n) => Object.keys(n.spec?.podSelector || {}).length === 0
    && !n.spec.ingress && !n.spec.egress && ["Ingress", "Egress"].every((t) => (n.spec.policyTypes || []).includes(t)))) {
    fail("NetworkPolicy", "no default-deny policy (empty podSelector, Ingress and Egress, no rules)");
  }

  // --- per overlay
  if (overlay === "prod") {
    for (const name of SERVICES) {
      const dep = find("Deployment", name);
      if (!dep) continue;
      const hpa = byKind("HorizontalPodAutoscaler").find((h) => h.spec.scaleTargetRef?.name === name);
      if (!hpa || !(hpa.spec.minReplicas >= 2)) fail(dep, "prod needs a HorizontalPodAutoscaler with minReplicas >= 2");
      if (dep.spec.replicas !== undefined && hpa) fail(dep, "spec.replicas is set although an HPA owns the count");
      const aff = dep.spec.template.spec.affinity?.podAntiAffinity;
      if (!aff) fail(dep, "prod needs podAntiAffinity");
      const image = dep.spec.template.spec.containers[0].image || "";
      if (!/-native$/.test(image)) fail(dep, `prod runs native images (tag ending in -native), not ${image}`);
      const ann = dep.spec.template.metadata?.annotations || {};
      if (ann["prometheus.io/scrape"] !== "true" || ann["prometheus.io/path"] !== "/q/metrics" || Number(ann["prometheus.io/port"]) !== code.ports[name]) {
        fail(dep, "prod needs Prometheus scrape annotations (scrape, path /q/metrics, the service port)");
      }
    }
    for (const ing of ingresses) if (!ing.spec.tls?.length) fail(ing, "prod Ingress needs TLS");
    if (find("StatefulSet", "postgres") || find("StatefulSet", "redis")) fail("prod", "PostgreSQL and Redis are external in prod");
  }
  if (overlay === "dev") {
    for (const name of ["postgres", "redis"]) if (!find("StatefulSet", name)) fail(`StatefulSet/${name}`, "dev runs it in the cluster");
    const redis = find("StatefulSet", "redis");
    const args = redis?.spec.template.spec.containers[0].args || [];
    if (redis && args[args.indexOf("--appendonly") + 1] !== "yes") fail(redis, "dev Redis needs --appendonly yes");
    for (const name of SERVICES) {
      const dep = find("Deployment", name);
      if (dep && dep.spec.replicas !== 1) fail(dep, "dev runs one replica");
    }
  }
  return problems;
}
