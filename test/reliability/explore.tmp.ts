import { it } from 'node:test';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { stringify } from 'yaml';
import { clusterObjects } from './fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { startFaultServer } from '../kit/dns/fault-server.js';
it('x', async (t) => {
  const dir = mkdtempSync('/tmp/x-'); const file = dir + '/c.yaml';
  writeFileSync(file, clusterObjects().map(o => stringify(o)).join('---\n'));
  const records = [{ name: 'web-0.web.dev.svc.cluster.local', type: 'A', ttl: 30, data: '10.244.1.10' }];
  const fs = await startFaultServer({ records });
  for (const fault of ['none','drop','delay','tc-empty','tc-partial','wrong-id','wrong-question','not-response','other-port','servfail','refused','garbage','short-garbage','truncated-rdata','bad-rdlength','trailing-garbage','tcp-cut','spoof-then-answer'] as const) {
    fs.setFault(fault);
    const r = await runCli(['resolve', 'web-0.web.dev.svc.cluster.local.', '-f', file, '--server', `127.0.0.1:${fs.port}`, '--timeout', '300ms', '--retries', '0']);
    console.log('##', fault, r.code, '\nOUT:', r.stdout, 'ERR:', r.stderr);
  }
  await fs.stop();
});
