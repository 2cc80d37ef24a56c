import { userInfo } from 'node:os';
import { expect, test } from '@jupyterlab/galata';
import { readHscfg, sidecarStatus } from './helpers.js';

// Standard library only: the kernel reaches the sidecar with what the lab put in its environment.
const CELL = `
import base64, json, os, subprocess, urllib.request
import h5lab

def get(path):
    credentials = f"{os.environ['HS_USERNAME']}:{os.environ['HS_PASSWORD']}".encode()
    request = urllib.request.Request(os.environ["HS_ENDPOINT"] + path,
                                     headers={"Authorization": "Basic " + base64.b64encode(credentials).decode()})
    with urllib.request.urlopen(request) as response:
        return json.load(response)

about = get("/about")
home = get("/?domain=/home/" + os.environ["HS_USERNAME"])
# The hs* tools are on the PATH and configured with no typing.
hsinfo = subprocess.run(["hsinfo"], capture_output=True, text=True)
print(json.dumps({
    "environment": {name: os.environ.get(name) for name in ("HS_ENDPOINT", "HS_USERNAME", "HS_PASSWORD", "HS_BUCKET")},
    "about": {"username": about["username"], "state": about["state"], "isadmin": about["isadmin"]},
    "home_owner": home["owner"],
    "config": h5lab.config(),
    "hsinfo": {"code": hsinfo.returncode, "out": hsinfo.stdout + hsinfo.stderr},
}))
`;

test('a kernel sees HS_ENDPOINT, reaches /about with it, and h5lab.config() agrees', async ({ page, request }) => {
  const status = await sidecarStatus(request);
  const hscfg = readHscfg();
  await page.notebook.createNew('kernel-environment.ipynb');
  // Set through the model: typing the code into the editor would auto-indent it.
  await page.evaluate((source) => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    notebook.model.cells.get(0).sharedModel.setSource(source);
  }, CELL);
  await page.notebook.runCell(0);
  const output = (await page.notebook.getCellTextOutput(0))?.join('') ?? '';
  const seen = JSON.parse(output.trim());

  const user = userInfo().username;
  expect(seen.environment).toEqual({
    HS_ENDPOINT: status.endpoint,
    HS_USERNAME: user,
    HS_PASSWORD: hscfg.hs_password,
    HS_BUCKET: status.bucket,
  });
  expect(status.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(hscfg.hs_endpoint).toBe(status.endpoint);
  expect(seen.about).toEqual({ username: user, state: 'READY', isadmin: false });
  expect(seen.home_owner).toBe(user);
  expect(seen.hsinfo.code).toBe(0);
  expect(seen.hsinfo.out).toContain(status.endpoint);
  expect(seen.hsinfo.out).toContain(user);
  expect(seen.config).toEqual({
    endpoint: status.endpoint,
    username: user,
    password: hscfg.hs_password,
    bucket: status.bucket,
  });
});
