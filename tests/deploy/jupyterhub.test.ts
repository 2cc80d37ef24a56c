/**
 * The Zero-to-JupyterHub values (deploy/kubernetes/jupyterhub). z2jh's values schema ships only inside the
 * Helm chart, not on npm, so this checks what can be checked offline: the YAML parses, its Kubernetes parts
 * (extraEnv entries) pass the Kubernetes schema, the variables and extension settings are ones h5lab reads,
 * the shared-service option points at base/'s service-node Service, and a password that the hub's pre-spawn
 * hook hands to a user's pod logs in to a real h5lab whose password file make-passwd.py wrote.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { envSettings } from '../../src/server/config.js';
import { schemaErrors, unknownFieldErrors } from './k8s-schema.js';
import { deploymentSpec, K8S_DIR, loadObjects, ofKind, readYamlDocuments, REPO, selects } from './manifests.js';
import { startNode } from './processes.js';

const run = promisify(execFile);
const PYTHON = process.env.H5LAB_PYTHON ?? 'python3';
const HUB_DIR = path.join(K8S_DIR, 'jupyterhub');

interface Values {
  hub?: { extraEnv?: Record<string, unknown>; extraConfig?: Record<string, string> };
  singleuser?: {
    extraEnv?: Record<string, unknown>;
    extraFiles?: Record<string, { mountPath: string; data?: Record<string, Record<string, unknown>> }>;
  };
}

const sidecarValues = readYamlDocuments(path.join(HUB_DIR, 'values.yaml'))[0] as Values;
const sharedValues = readYamlDocuments(path.join(HUB_DIR, 'values-shared-service.yaml'))[0] as Values;
const bothValues = { 'values.yaml': sidecarValues, 'values-shared-service.yaml': sharedValues };

/** z2jh's extraEnv map as Kubernetes EnvVars: a string is a value, an object an EnvVar named by its key. */
function envVars(extraEnv: Record<string, unknown> = {}): Record<string, unknown>[] {
  return Object.entries(extraEnv).map(([name, v]) => (typeof v === 'string' ? { name, value: v } : { name, ...(v as object) }));
}

/** Literal extraEnv values. */
function literals(extraEnv: Record<string, unknown> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(extraEnv).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * The settings the h5lab Jupyter server extension declares (`name = Trait(..., config=True)` in its H5Lab
 * class), read from its source with Python's own parser; importing it would load all of jupyter_server.
 */
async function extensionTraits(): Promise<string[]> {
  const script = [
    'import ast, json, sys',
    'tree = ast.parse(open(sys.argv[1]).read())',
    'cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "H5Lab")',
    'names = [t.id for n in cls.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)',
    '         and any(k.arg == "config" and getattr(k.value, "value", None) is True for k in n.value.keywords)',
    '         for t in n.targets if isinstance(t, ast.Name)]',
    'print(json.dumps(sorted(names)))',
  ].join('\n');
  const { stdout } = await run(PYTHON, ['-c', script, path.join(REPO, 'src', 'python', 'h5lab', 'server', 'app.py')]);
  return JSON.parse(stdout) as string[];
}

describe('JupyterHub values (deploy/kubernetes/jupyterhub)', () => {
  it('hold only hub and singleuser settings', () => {
    for (const [file, values] of Object.entries(bothValues)) {
      assert.ok(values && typeof values === 'object', `${file} is a mapping`);
      for (const key of Object.keys(values)) assert.ok(['hub', 'singleuser'].includes(key), `${file}: ${key}`);
    }
  });

  it('extraEnv entries are valid Kubernetes environment variables', async () => {
    const items = Object.entries(bothValues).flatMap(([file, values]) =>
      [...envVars(values.hub?.extraEnv), ...envVars(values.singleuser?.extraEnv)].map((value) => ({
        label: `${file}: ${String(value.name)}`,
        type: 'v1 EnvVar',
        value,
      })),
    );
    assert.ok(items.length > 0);
    assert.deepEqual([...(await schemaErrors(items))], []);
    assert.deepEqual([...unknownFieldErrors(items)], []);
  });

  it('the per-user sidecar reads every H5LAB_* and AWS_* variable of values.yaml', () => {
    const env = sidecarValues.singleuser!.extraEnv!;
    const names = Object.keys(env).filter((n) => n.startsWith('H5LAB_') || n.startsWith('AWS_'));
    assert.ok(names.length > 0);
    for (const name of names) assert.notDeepEqual(envSettings({ [name]: 'x' }), {}, `${name} is an engine setting`);
    const settings = envSettings(literals(env));
    assert.match(String(settings.s3_endpoint), /^https?:\/\//, 'the sidecar stores in S3');
    assert.equal(settings.metadata_mem_cache_size, '0');
    assert.equal(settings.chunk_mem_cache_size, '0');
  });

  it('extraFiles configure existing settings of the h5lab Jupyter extension', async () => {
    const traits = await extensionTraits();
    for (const [file, values] of Object.entries(bothValues)) {
      const files = Object.values(values.singleuser?.extraFiles ?? {});
      assert.ok(files.length > 0, `${file} configures the extension`);
      for (const f of files) {
        assert.match(f.mountPath, /^\/etc\/jupyter\/jupyter_server_config\.d\/[^/]+\.json$/);
        for (const trait of Object.keys(f.data?.H5Lab ?? {})) assert.ok(traits.includes(trait), `${file}: H5Lab.${trait} exists`);
      }
    }
  });

  it("the shared-service option points kernels at base/'s service-node Service", () => {
    const objects = loadObjects(
      (readYamlDocuments(path.join(K8S_DIR, 'base', 'kustomization.yaml'))[0] as { resources: string[] }).resources.map((r) =>
        path.join(K8S_DIR, 'base', r),
      ),
    );
    const sn = ofKind(objects, 'Deployment').find((d) => deploymentSpec(d).template.spec.containers.some((c) => c.args?.[0] === 'sn'))!;
    const labels = deploymentSpec(sn).template.metadata.labels;
    const service = ofKind(objects, 'Service').find((s) => selects((s.spec as { selector: Record<string, string> }).selector, labels))!;
    const port = (service.spec as { ports: { port: number }[] }).ports[0].port;
    const endpoint = new URL(literals(sharedValues.singleuser!.extraEnv).HS_ENDPOINT);
    assert.match(endpoint.hostname, new RegExp(`^${service.metadata.name}\\.[a-z0-9-]+\\.svc\\.cluster\\.local$`));
    assert.equal(Number(endpoint.port), port);
    const bucket = literals(sharedValues.singleuser!.extraEnv).HS_BUCKET;
    const config = ofKind(objects, 'ConfigMap').find((c) => (c.data as Record<string, string>).bucket !== undefined)!;
    assert.equal(bucket, (config.data as Record<string, string>).bucket, 'kernels use the service node default bucket');
  });

  it("a password from the hub's pre-spawn hook logs in to h5lab with make-passwd.py's password file", async () => {
    const key = 'test-key-0123456789';
    const hook = Object.values(sharedValues.hub!.extraConfig!).join('\n');
    // The hook runs as z2jh runs extraConfig: in jupyterhub_config.py, with `c` the configuration.
    const runHook = [
      'import json, sys, types',
      'c = types.SimpleNamespace(KubeSpawner=types.SimpleNamespace())',
      'exec(sys.stdin.read(), {"c": c})',
      'spawner = types.SimpleNamespace(user=types.SimpleNamespace(name=sys.argv[1]), environment={})',
      'c.KubeSpawner.pre_spawn_hook(spawner)',
      'print(json.dumps(spawner.environment))',
    ].join('\n');
    const env = { ...process.env, H5LAB_PASSWORD_KEY: key };
    const hookRun = execFile(PYTHON, ['-c', runHook, 'alice'], { env });
    hookRun.stdin!.end(hook);
    const podEnv = await new Promise<Record<string, string>>((resolve, reject) => {
      let out = '';
      let err = '';
      hookRun.stdout!.on('data', (d) => (out += d));
      hookRun.stderr!.on('data', (d) => (err += d));
      hookRun.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`hook failed: ${err}`))));
    });
    assert.equal(podEnv.HS_USERNAME, 'alice');
    assert.match(podEnv.HS_PASSWORD, /^[0-9a-f]{64}$/);

    const { stdout: passwd } = await run(PYTHON, [path.join(HUB_DIR, 'make-passwd.py'), 'admin=admin-secret', 'alice', 'bob'], { env });
    const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-hub-'));
    writeFileSync(path.join(dir, 'passwd.txt'), passwd);
    const node = await startNode(['serve', '--host', '127.0.0.1', '--port', '0', '--root-dir', path.join(dir, 'data'), '--password-file', path.join(dir, 'passwd.txt')]);
    try {
      const about = (user: string, password: string) =>
        fetch(`${node.url}/about`, { headers: { authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') } });
      const ok = await about(podEnv.HS_USERNAME, podEnv.HS_PASSWORD);
      assert.equal(ok.status, 200);
      assert.equal((await ok.json()).username, 'alice');
      assert.equal((await about('bob', podEnv.HS_PASSWORD)).status, 401, "alice's password is not bob's");
      const admin = await about('admin', 'admin-secret');
      assert.equal((await admin.json()).isadmin, true);
    } finally {
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
