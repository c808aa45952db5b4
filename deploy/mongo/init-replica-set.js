// mongosh script run by compose's mongo-init job on mongo1's localhost (docs/deploy.md):
// initiates the replica set, creates the administrator through MongoDB's localhost exception,
// then the gateway's and the command line's least-privilege roles and users. Safe to run again:
// once the administrator exists it logs in and only brings roles and users up to date.
const fs = require('node:fs');
const secret = (name) => fs.readFileSync(`/run/secrets/${name}`, 'utf8').trim();
// mongodb://user:password@host1,host2,…/db?…: WHATWG URL refuses a host list, so split by hand.
const credentials = (uriSecret) => {
  const m = /^mongodb(?:\+srv)?:\/\/([^:@/]+):([^@/]+)@/.exec(secret(uriSecret));
  if (!m) throw new Error(`${uriSecret}: expected mongodb://user:password@hosts/…`);
  return { user: decodeURIComponent(m[1]), pwd: decodeURIComponent(m[2]) };
};
const admin = db.getSiblingDB('admin');
const ADMIN = { user: 'crm_admin', pwd: secret('mongo_admin_password') };
const CRM = 'crm';

let loggedIn = false;
try {
  loggedIn = admin.auth(ADMIN.user, ADMIN.pwd).ok === 1;
} catch {
  loggedIn = false;
}

if (!loggedIn) {
  try {
    rs.initiate({
      _id: 'rs0',
      members: [
        { _id: 0, host: 'mongo1:27017', priority: 2 },
        { _id: 1, host: 'mongo2:27017' },
        { _id: 2, host: 'mongo3:27017' },
      ],
    });
  } catch (e) {
    if (e.codeName !== 'AlreadyInitialized') throw e;
  }
  while (!db.hello().isWritablePrimary) sleep(500);
  admin.createUser({ user: ADMIN.user, pwd: ADMIN.pwd, roles: ['root'] });
  admin.auth(ADMIN.user, ADMIN.pwd);
}

const on = (collection, actions) => ({ resource: { db: CRM, collection }, actions });
const upsertRole = (role, privileges) => {
  if (admin.getRole(role)) admin.updateRole(role, { privileges, roles: [] });
  else admin.createRole({ role, privileges, roles: [] });
};
const upsertUser = ({ user, pwd }, role) => {
  if (admin.getUser(user)) admin.updateUser(user, { pwd, roles: [{ role, db: 'admin' }] });
  else admin.createUser({ user, pwd, roles: [{ role, db: 'admin' }] });
};

// The gateway reads the CRM, changes contacts and adds interactions, appends to the ledger (it
// cannot edit or delete ledger batches: only AUDIT_RETENTION needs "remove", see docs/deploy.md),
// keeps budgets, reads BI tokens, and creates its indexes at start-up.
upsertRole('crmGateway', [
  on('customers', ['find', 'update']),
  on('deals', ['find']),
  on('users', ['find']),
  on('interactions', ['find', 'insert']),
  on('audit_events', ['find', 'insert', 'createIndex']),
  on('audit_checkpoints', ['find', 'insert', 'createIndex']),
  on('gateway_budgets', ['find', 'insert', 'update', 'createIndex']),
  on('api_tokens', ['find']),
]);
// The command line verifies, exports and prunes the ledger and issues, lists and revokes BI tokens.
upsertRole('crmGatewayCli', [on('audit_events', ['find', 'remove']), on('audit_checkpoints', ['find', 'remove']), on('api_tokens', ['find', 'insert', 'update', 'createIndex'])]);
upsertUser(credentials('gateway_mongodb_uri'), 'crmGateway');
upsertUser(credentials('cli_mongodb_uri'), 'crmGatewayCli');
print('replica set rs0 ready; roles crmGateway and crmGatewayCli and their users are up to date');
