import { it } from 'node:test';
import { liveFixture } from './fixture.js';
const cmds = [['explain','web'],['resolve','web-0.web','--expected-only'],['env'],['check','-A','--expected-only','-o','json']];
it('x', async (t) => {
  const f = await liveFixture(t);
  for (const c of cmds) { const r = await f.run(c); console.log(c.join(' '), r.code, '\nOUT:', r.stdout.slice(0,600), '\nERR:', r.stderr); }
  for (const [label, fault] of [['403 pods', {resource:'pods', status:403}], ['403 sts',{resource:'statefulsets',status:403}],['403 cm',{resource:'configmaps',status:403}], ['403 svc',{resource:'services',status:403}], ['401',{status:401}], ['500',{resource:'services',status:500}], ['drop', {resource:'services',drop:true}]] as const) {
    f.server.clearFaults(); f.server.addFault(fault as any);
    for (const c of cmds) { const r = await f.run([...c, '--request-timeout', '2s']); console.log('##', label, c.join(' '), r.code, 'ERR:', r.stderr, r.stdout.includes('needs') ? 'OUT has needs' : ''); }
  }
});
