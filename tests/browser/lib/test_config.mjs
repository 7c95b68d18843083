// Writes the browser tests' exchange configuration: the default one, with the paths it names made
// absolute (the copy lives elsewhere), complaints due for acknowledgement within seconds, so that
// a complaint left unacknowledged shows as overdue in the officers' queue, the per-address sign-up
// limit lifted (every test account comes from the loopback address), the metrics listener on
// any free port, and gateway upstreams allowed on loopback over http (the tests' upstream is a
// small server on 127.0.0.1).
//   node lib/test_config.mjs config/exchange.json /tmp/…/exchange.json
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

const [source, target] = process.argv.slice(2);
const config = JSON.parse(readFileSync(source, 'utf8'));
const here = dirname(resolve(source));
const absolute = (p) => (p && !isAbsolute(p) ? resolve(here, p) : p);

config.web.root = absolute(config.web.root);
config.compliance.rules_dir = absolute(config.compliance.rules_dir);
config.kyc.blocklist_file = absolute(config.kyc.blocklist_file);
config.complaints.acknowledge_s = 3;
config.limits.signups_per_minute_per_ip = 1000000;
config.limits.signup_burst_per_ip = 1000000;
config.metrics.listen = '127.0.0.1:0';
config.gateway = { ...config.gateway, allow_private_upstreams: true };
writeFileSync(target, `${JSON.stringify(config, null, 2)}\n`);
