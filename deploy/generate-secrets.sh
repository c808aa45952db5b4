#!/bin/sh
# Generates every secret compose.yaml mounts, with openssl only, into DIR (default ./secrets).
# Existing files are kept, so running it again never rotates a key by accident. Files are
# readable by their owner only; the keys never appear on a command line or in an environment.
#   deploy/generate-secrets.sh [DIR] [MONGO_HOSTS]
set -eu
DIR=${1:-secrets}
HOSTS=${2:-mongo1:27017,mongo2:27017,mongo3:27017}
umask 077
mkdir -p "$DIR"
cd "$DIR"

new() { [ -s "$1" ] && echo "kept      $DIR/$1" >&2 && return 1; echo "generated $DIR/$1" >&2; return 0; }

# Token verification: an ES256 key pair. The gateway gets only the public key; the private key is
# for `crm-gateway token issue` (or stays with your IdP, which then publishes a JWKS instead).
if new jwt_private_key; then openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out jwt_private_key; fi
if new jwt_public_key; then openssl pkey -in jwt_private_key -pubout -out jwt_public_key; fi
# Keyed tokens and cursor encryption: 32 random bytes, hex.
if new pseudonym_key; then openssl rand -hex 32 > pseudonym_key; fi
# Audit checkpoints: an Ed25519 key; verifiers get the public half (audit verify --public-key).
if new audit_signing_key; then openssl genpkey -algorithm ed25519 -out audit_signing_key; fi
if new audit_verify_key.pem; then openssl pkey -in audit_signing_key -pubout -out audit_verify_key.pem; fi
# Replica-set members authenticate each other with this key file.
if new mongo_keyfile; then openssl rand -base64 756 > mongo_keyfile; fi
# MongoDB users: the administrator the init job creates, the gateway, the command line.
if new mongo_admin_password; then openssl rand -hex 24 > mongo_admin_password; fi
if new gateway_mongodb_uri; then echo "mongodb://crm_gateway:$(openssl rand -hex 24)@$HOSTS/crm?replicaSet=rs0&authSource=admin&w=majority" > gateway_mongodb_uri; fi
if new cli_mongodb_uri; then echo "mongodb://crm_cli:$(openssl rand -hex 24)@$HOSTS/crm?replicaSet=rs0&authSource=admin&w=majority" > cli_mongodb_uri; fi
