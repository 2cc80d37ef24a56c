/**
 * The Kubernetes deployment (deploy/kubernetes): every object validated against the Kubernetes API schema
 * (kubernetes-models: validate() and the TypeScript interfaces for unknown fields), then the project's own
 * rules: probes and resource requests everywhere, selectors that pick the intended pods, a headless
 * data-node Service that the service node's --dn-dns names, references to ConfigMaps and Secrets that exist,
 * flags the real `h5lab` command accepts, and the probes run against real data and service nodes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULTS, loadConfig } from '../../src/server/config.js';
import { parsePasswordFile } from '../../src/server/auth/password-file.js';
import { parseGroupsFile } from '../../src/server/auth/groups-file.js';
import { Checked, schemaErrors, typeOf, unknownFieldErrors } from './k8s-schema.js';
import {
  Container,
  dataValue,
  deploymentSpec,
  expand,
  find,
  flagValue,
  H5LAB_BIN,
  K8S_DIR,
  K8sObject,
  loadObjects,
  ofKind,
  quantity,
  readYamlDocuments,
  resolveEnv,
  selects,
  varRefs,
  Volume,
} from './manifests.js';
import { closedPort } from '../helpers/processes.js';
import { exitCode, probeSucceeds, RunningNode, startNode } from './processes.js';

const BASE = path.join(K8S_DIR, 'base');
const OVERLAY = path.join(K8S_DIR, 'overlays', 'example');
const INGRESS = path.join(K8S_DIR, 'examples', 'ingress.yaml');
/** The namespace the pods are imagined in (the manifests name none). */
const NAMESPACE = 'h5lab-test';

interface Kustomization {
  resources: string[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string }[];
  replicas?: { name: string; count: number }[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
}
interface Generator {
  name: string;
  behavior?: string;
  literals?: string[];
  envs?: string[];
  files?: string[];
}

const kustomization = readYamlDocuments(path.join(BASE, 'kustomization.yaml'))[0] as Kustomization;
const objects = loadObjects(kustomization.resources.map((r) => path.join(BASE, r)));
const ingress = loadObjects([INGRESS]);
const deployments = ofKind(objects, 'Deployment');

/** The Deployment whose container runs `h5lab <role>` (the image's entrypoint is `node bin/h5lab.js`). */
function workload(role: 'sn' | 'dn'): { deployment: K8sObject; container: Container } {
  const matches = deployments.filter((d) => deploymentSpec(d).template.spec.containers.some((c) => c.args?.[0] === role));
  assert.equal(matches.length, 1, `exactly one Deployment runs h5lab ${role}`);
  const container = deploymentSpec(matches[0]).template.spec.containers.find((c) => c.args?.[0] === role)!;
  return { deployment: matches[0], container };
}

/** The Services whose selector picks the pods of this Deployment. */
function servicesOf(deployment: K8sObject): K8sObject[] {
  const labels = deploymentSpec(deployment).template.metadata.labels;
  return ofKind(objects, 'Service').filter((s) => selects((s.spec as { selector: Record<string, string> }).selector, labels));
}

function containerPort(container: Container, port: string | number): number | undefined {
  if (typeof port === 'number') return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** The single containerPort an exec probe's script addresses (127.0.0.1:PORT). */
function execProbePort(command: string[]): number {
  const ports = [...command.join(' ').matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
  assert.equal(new Set(ports).size, 1, `exec probe addresses one local port: ${command.join(' ')}`);
  return ports[0];
}

function allContainers(): { deployment: K8sObject; container: Container }[] {
  return deployments.flatMap((d) => deploymentSpec(d).template.spec.containers.map((container) => ({ deployment: d, container })));
}

const asChecked = (list: { file: string; object: K8sObject }[]): Checked[] =>
  list.map(({ file, object }) => ({ label: `${path.relative(K8S_DIR, file)}: ${object.kind} ${object.metadata.name}`, type: typeOf(object), value: object }));

describe('Kubernetes manifests (deploy/kubernetes)', () => {
  it('kustomization.yaml lists every manifest of base/, each holding distinct objects', () => {
    const files = readdirSync(BASE).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
    assert.deepEqual([...kustomization.resources].sort(), files.sort());
    for (const r of kustomization.resources) assert.ok(objects.some((o) => o.file === path.join(BASE, r)), `${r} holds an object`);
    const ids = objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`);
    assert.deepEqual(ids, [...new Set(ids)], 'kind/name pairs are unique');
    for (const { object } of objects) assert.equal((object.metadata as { namespace?: string }).namespace, undefined, `${object.metadata.name} names no namespace`);
  });

  /** Broken copies of the data-node Deployment: each check must reject the ones it is meant to catch. */
  function brokenObjects(): Checked[] {
    const { deployment } = workload('dn');
    const wrongType = structuredClone(deployment);
    (wrongType.spec as { replicas: unknown }).replicas = 'two';
    const misspelt = structuredClone(deployment);
    const container = deploymentSpec(misspelt).template.spec.containers[0] as unknown as Record<string, unknown>;
    container.readinesProbe = container.readinessProbe;
    delete container.readinessProbe;
    const badQuantity = structuredClone(deployment);
    deploymentSpec(badQuantity).template.spec.containers[0].resources!.requests!.cpu = 'half a core';
    return [
      { label: 'broken: replicas two', type: 'apps/v1 Deployment', value: wrongType },
      { label: 'broken: readinesProbe', type: 'apps/v1 Deployment', value: misspelt },
      { label: 'broken: cpu half a core', type: 'apps/v1 Deployment', value: badQuantity },
    ];
  }

  it('every object passes the Kubernetes schema (kubernetes-models validate()), which rejects broken ones', async () => {
    const manifests = asChecked([...objects, ...ingress]);
    const errors = await schemaErrors([...manifests, ...brokenObjects()]);
    assert.deepEqual(manifests.filter((m) => errors.has(m.label)).map((m) => [m.label, errors.get(m.label)]), []);
    assert.match(errors.get('broken: replicas two') ?? '', /replicas must be integer/);
    assert.match(errors.get('broken: cpu half a core') ?? '', /quantity/);
    // validate() lets unknown fields such as readinesProbe through: the next check covers them.
  });

  it('every object has only fields of the Kubernetes API, with their types, which a misspelt field fails', () => {
    const manifests = asChecked([...objects, ...ingress]);
    const errors = unknownFieldErrors([...manifests, ...brokenObjects()]);
    assert.deepEqual(manifests.filter((m) => errors.has(m.label)).map((m) => [m.label, errors.get(m.label)]), []);
    assert.match((errors.get('broken: readinesProbe') ?? []).join(' '), /readinesProbe.{0,3} does not exist in type 'IContainer'/);
    assert.match((errors.get('broken: replicas two') ?? []).join(' '), /not assignable to type 'number'/);
    assert.deepEqual([...errors.keys()].filter((k) => !k.startsWith('broken: ')), [], 'no other compiler errors');
  });

  it('every container has readiness and liveness probes on its own ports, and resource requests', () => {
    assert.ok(deployments.length >= 2);
    for (const { deployment, container } of allContainers()) {
      const where = `${deployment.metadata.name}/${container.name}`;
      for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
        const probe = container[kind];
        if (!probe) {
          assert.notEqual(kind, 'readinessProbe', `${where} has a readiness probe`);
          assert.notEqual(kind, 'livenessProbe', `${where} has a liveness probe`);
          continue;
        }
        const port = probe.httpGet ? containerPort(container, probe.httpGet.port) : containerPort(container, execProbePort(probe.exec!.command));
        assert.ok(port, `${where} ${kind} targets one of its container ports`);
      }
      const { requests, limits } = container.resources ?? {};
      assert.ok(requests?.cpu && requests.memory, `${where} requests cpu and memory`);
      if (limits?.memory) assert.ok(quantity(limits.memory) >= quantity(requests.memory), `${where} memory limit >= request`);
    }
  });

  it('selectors pick the intended pods: Deployments, Services, the disruption budget and anti-affinity', () => {
    for (const d of deployments) {
      const spec = deploymentSpec(d);
      assert.ok(selects(spec.selector.matchLabels, spec.template.metadata.labels), `${d.metadata.name} selects its own pods`);
      for (const other of deployments.filter((o) => o !== d))
        assert.ok(!selects(spec.selector.matchLabels, deploymentSpec(other).template.metadata.labels), `${d.metadata.name} does not select ${other.metadata.name}'s pods`);
      for (const term of spec.template.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
        assert.ok(selects(term.podAffinityTerm.labelSelector.matchLabels, spec.template.metadata.labels), `${d.metadata.name} anti-affinity is against its own pods`);
    }
    for (const service of ofKind(objects, 'Service')) {
      const spec = service.spec as { selector: Record<string, string>; ports: { port: number; targetPort: string | number }[] };
      const targets = deployments.filter((d) => selects(spec.selector, deploymentSpec(d).template.metadata.labels));
      assert.equal(targets.length, 1, `Service ${service.metadata.name} selects the pods of one Deployment`);
      const containers = deploymentSpec(targets[0]).template.spec.containers;
      for (const p of spec.ports)
        assert.ok(containers.some((c) => containerPort(c, p.targetPort)), `Service ${service.metadata.name} port ${p.port} reaches a container port`);
    }
    const budgets = ofKind(objects, 'PodDisruptionBudget');
    assert.equal(budgets.length, 1);
    const selector = (budgets[0].spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
    assert.deepEqual(
      deployments.filter((d) => selects(selector, deploymentSpec(d).template.metadata.labels)),
      [workload('dn').deployment],
      'the disruption budget covers the data nodes only',
    );
  });

  it('the data-node Service is headless and is what the service node resolves with --dn-dns and --dn-port', () => {
    const dn = workload('dn');
    const sn = workload('sn');
    const services = servicesOf(dn.deployment);
    assert.equal(services.length, 1);
    const dnService = services[0];
    const spec = dnService.spec as { clusterIP?: string; publishNotReadyAddresses?: boolean; ports: { port: number }[] };
    assert.equal(spec.clusterIP, 'None', 'headless');
    assert.notEqual(spec.publishNotReadyAddresses, true, 'only ready data nodes are published');
    const args = sn.container.args!;
    assert.equal(flagValue(args, '--dn-dns'), `${dnService.metadata.name}.$(POD_NAMESPACE).svc.cluster.local`);
    const env = resolveEnv(sn.container, objects, NAMESPACE);
    assert.equal(env.get('POD_NAMESPACE'), NAMESPACE, 'POD_NAMESPACE comes from the pod namespace');
    assert.equal(expand(flagValue(args, '--dn-dns')!, env), `${dnService.metadata.name}.${NAMESPACE}.svc.cluster.local`);
    const dnPort = Number(flagValue(args, '--dn-port'));
    assert.deepEqual(spec.ports.map((p) => p.port), [dnPort]);
    assert.equal(Number(flagValue(dn.container.args!, '--port')), dnPort);
    assert.equal(containerPort(dn.container, dnPort), dnPort);
    const snPort = Number(flagValue(args, '--port'));
    assert.equal(containerPort(sn.container, snPort), snPort);
    assert.equal(deploymentSpec(sn.deployment).replicas, 1, 'one service node (it keeps the cluster epoch)');
    assert.equal(deploymentSpec(sn.deployment).strategy?.type, 'Recreate', 'never two service nodes during a rollout');
  });

  it('every ConfigMap and Secret that a pod reads exists with the keys it reads', () => {
    const refs: { kind: 'ConfigMap' | 'Secret'; name: string; key: string; where: string }[] = [];
    for (const { deployment, container } of allContainers()) {
      const where = `${deployment.metadata.name}/${container.name}`;
      for (const e of container.env ?? []) {
        const cm = e.valueFrom?.configMapKeyRef;
        const secret = e.valueFrom?.secretKeyRef;
        if (cm) refs.push({ kind: 'ConfigMap', name: cm.name, key: cm.key, where: `${where} env ${e.name}` });
        if (secret) refs.push({ kind: 'Secret', name: secret.name, key: secret.key, where: `${where} env ${e.name}` });
      }
    }
    for (const d of deployments) {
      const volumes: Volume[] = deploymentSpec(d).template.spec.volumes ?? [];
      for (const v of volumes) {
        const where = `${d.metadata.name} volume ${v.name}`;
        const sources = [
          ...(v.configMap ? [{ kind: 'ConfigMap' as const, name: v.configMap.name, items: v.configMap.items }] : []),
          ...(v.secret ? [{ kind: 'Secret' as const, name: v.secret.secretName, items: v.secret.items }] : []),
          ...(v.projected?.sources ?? []).flatMap((s) => [
            ...(s.configMap ? [{ kind: 'ConfigMap' as const, name: s.configMap.name, items: s.configMap.items }] : []),
            ...(s.secret ? [{ kind: 'Secret' as const, name: s.secret.name, items: s.secret.items }] : []),
          ]),
        ];
        for (const s of sources) {
          assert.ok(s.items?.length, `${where} lists the keys it mounts`);
          for (const item of s.items!) refs.push({ kind: s.kind, name: s.name, key: item.key, where });
        }
      }
    }
    assert.ok(refs.length > 0);
    for (const ref of refs) {
      const o = find(objects, ref.kind, ref.name);
      assert.ok(o, `${ref.where}: ${ref.kind} ${ref.name} exists`);
      assert.notEqual(dataValue(o, ref.key), undefined, `${ref.where}: ${ref.kind} ${ref.name} has key ${ref.key}`);
    }
  });

  it('every $(VAR) in the arguments is a variable of the container, and every file flag names a mounted file', () => {
    for (const { deployment, container } of allContainers()) {
      const where = `${deployment.metadata.name}/${container.name}`;
      const names = new Set((container.env ?? []).map((e) => e.name));
      for (const arg of container.args ?? []) for (const v of varRefs(arg)) assert.ok(names.has(v), `${where}: $(${v}) is defined`);
      const volumes = deploymentSpec(deployment).template.spec.volumes ?? [];
      for (const flag of ['--config', '--password-file', '--groups-file']) {
        const file = flagValue(container.args ?? [], flag);
        if (file === undefined) continue;
        const mount = (container.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath}/`));
        assert.ok(mount, `${where}: ${file} is under a volume mount`);
        const volume = volumes.find((v) => v.name === mount.name)!;
        const items = [
          ...(volume.configMap?.items ?? []),
          ...(volume.secret?.items ?? []),
          ...(volume.projected?.sources ?? []).flatMap((s) => [...(s.configMap?.items ?? []), ...(s.secret?.items ?? [])]),
        ];
        assert.ok(items.some((i) => `${mount.mountPath}/${i.path}` === file), `${where}: ${file} is mounted`);
      }
    }
  });

  it('secrets hold marked placeholders only, and the account files parse as the engine reads them', () => {
    const secrets = ofKind(objects, 'Secret');
    assert.ok(secrets.length >= 3);
    for (const secret of secrets) {
      for (const key of Object.keys((secret.stringData as Record<string, string>) ?? {})) {
        const value = dataValue(secret, key)!;
        if (key === 'passwd.txt') {
          const accounts = parsePasswordFile(value);
          assert.ok(accounts.size > 0);
          for (const [user, password] of accounts) assert.match(password, /REPLACE-ME/, `${user}'s password is a placeholder`);
        } else if (key === 'groups.txt') {
          parseGroupsFile(value);
        } else {
          assert.match(value, /REPLACE-ME/, `${secret.metadata.name}/${key} is a placeholder`);
        }
      }
      assert.equal(secret.data, undefined, `${secret.metadata.name} keeps its placeholders readable (stringData)`);
    }
  });

  it('config.yml holds engine config keys, and the engine loads it', () => {
    const configMaps = ofKind(objects, 'ConfigMap').filter((cm) => dataValue(cm, 'config.yml') !== undefined);
    assert.equal(configMaps.length, 1);
    const text = dataValue(configMaps[0], 'config.yml')!;
    const settings = parseYaml(text) as Record<string, unknown>;
    for (const key of Object.keys(settings)) assert.ok(key in DEFAULTS, `${key} is an engine config key`);
    const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-k8s-config-'));
    try {
      const file = path.join(dir, 'config.yml');
      writeFileSync(file, text);
      const config = loadConfig({ config: file }, {});
      for (const key of Object.keys(settings)) assert.notEqual(config[key as keyof typeof config], undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the h5lab command accepts the role and every flag each container passes', async () => {
    const commands = allContainers().map(({ deployment, container }) => {
      const env = resolveEnv(container, objects, NAMESPACE);
      return { name: deployment.metadata.name, args: container.args!.map((a) => expand(a, env)) };
    });
    // --help parses every flag strictly, then prints the role's usage instead of starting; the last run
    // shows that an unknown flag does fail it.
    const runs = [...commands, { name: 'unknown flag', args: [...commands[0].args, '--no-such-flag', 'x'] }];
    const codes = await Promise.all(runs.map((r) => exitCode(['node', H5LAB_BIN, ...r.args, '--help'], {})));
    assert.deepEqual(
      runs.map((r, i) => [r.name, codes[i] === 0 ? 'accepted' : 'refused']),
      runs.map((r) => [r.name, r.name === 'unknown flag' ? 'refused' : 'accepted']),
    );
  });

  it('the overlay example changes only what base/ defines and keeps its secret files out of git', () => {
    const overlay = readYamlDocuments(path.join(OVERLAY, 'kustomization.yaml'))[0] as Kustomization;
    assert.deepEqual(overlay.resources, ['../../base']);
    const images = new Set(allContainers().map(({ container }) => container.image.split(':')[0]));
    for (const image of overlay.images ?? []) assert.ok(images.has(image.name), `image ${image.name} is used in base/`);
    for (const r of overlay.replicas ?? []) assert.ok(find(objects, 'Deployment', r.name), `replicas: Deployment ${r.name} exists`);
    assert.deepEqual(overlay.replicas?.map((r) => r.name), [workload('dn').deployment.metadata.name], 'the overlay scales the data nodes');
    const ignored = readFileSync(path.join(OVERLAY, '.gitignore'), 'utf8').split('\n').map((l) => l.trim());
    const generators = [
      ...(overlay.configMapGenerator ?? []).map((g) => ({ kind: 'ConfigMap', g })),
      ...(overlay.secretGenerator ?? []).map((g) => ({ kind: 'Secret', g })),
    ];
    for (const { kind, g } of generators) {
      const target = find(objects, kind, g.name);
      assert.ok(target, `${kind} ${g.name} exists in base/`);
      assert.ok(g.behavior === 'merge' || g.behavior === 'replace', `${g.name} merges into or replaces base's object`);
      for (const literal of g.literals ?? []) {
        const key = literal.split('=')[0];
        assert.notEqual(dataValue(target, key), undefined, `${g.name}: key ${key} exists in base/`);
      }
      for (const file of [...(g.files ?? []), ...(g.envs ?? [])]) {
        if (kind === 'Secret') assert.ok(ignored.includes(file), `${file} is git-ignored`);
        if (g.files?.includes(file)) assert.notEqual(dataValue(target, file), undefined, `${g.name}: file ${file} replaces a key of base/`);
      }
    }
  });

  it('the optional Ingress routes to the service node Service', () => {
    assert.equal(ingress.length, 1);
    const rules = (ingress[0].object.spec as { rules: { http: { paths: { backend: { service: { name: string; port: { name?: string; number?: number } } } }[] } }[] }).rules;
    const [snService] = servicesOf(workload('sn').deployment);
    for (const rule of rules)
      for (const p of rule.http.paths) {
        assert.equal(p.backend.service.name, snService.metadata.name);
        const ports = (snService.spec as { ports: { name?: string; port: number }[] }).ports;
        assert.ok(ports.some((sp) => sp.name === p.backend.service.port.name || sp.port === p.backend.service.port.number));
      }
  });
});

describe('Kubernetes probes against running nodes', () => {
  const TOKEN = 'probe-test-token';
  let dir: string;
  let dataNode: RunningNode;
  let serviceNode: RunningNode;
  let waiting: Server;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'h5lab-k8s-probes-'));
    const env = { H5LAB_CLUSTER_TOKEN: TOKEN };
    dataNode = await startNode(['dn', '--host', '127.0.0.1', '--port', '0', '--root-dir', dir], env);
    serviceNode = await startNode(['sn', '--host', '127.0.0.1', '--port', '0', '--root-dir', dir, '--dn-urls', dataNode.url], env);
    // A service node that is up but not ready.
    waiting = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"state": "WAITING"}'));
    await new Promise<void>((resolve) => waiting.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    await serviceNode?.stop();
    await dataNode?.stop();
    await new Promise((resolve) => waiting?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('data-node probes pass on a data node, and fail without its cluster token or with nothing listening', async () => {
    const { container } = workload('dn');
    const port = Number(flagValue(container.args!, '--port'));
    for (const probe of [container.readinessProbe!, container.livenessProbe!]) {
      assert.equal(await probeSucceeds(probe, port, dataNode.port, { H5LAB_CLUSTER_TOKEN: TOKEN }), true);
      assert.equal(await probeSucceeds(probe, port, dataNode.port, { H5LAB_CLUSTER_TOKEN: 'wrong' }), false);
      assert.equal(await probeSucceeds(probe, port, await closedPort(), { H5LAB_CLUSTER_TOKEN: TOKEN }), false);
    }
  });

  it('service-node probes pass on a service node; readiness fails while /about is not READY', async () => {
    const { container } = workload('sn');
    const port = Number(flagValue(container.args!, '--port'));
    for (const probe of [container.startupProbe, container.readinessProbe!, container.livenessProbe!].filter((p) => p !== undefined))
      assert.equal(await probeSucceeds(probe, port, serviceNode.port, {}), true);
    const waitingPort = (waiting.address() as AddressInfo).port;
    assert.equal(await probeSucceeds(container.readinessProbe!, port, waitingPort, {}), false);
    for (const probe of [container.readinessProbe!, container.livenessProbe!])
      assert.equal(await probeSucceeds(probe, port, await closedPort(), {}), false);
  });
});
