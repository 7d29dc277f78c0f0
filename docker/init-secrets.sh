#!/bin/sh
# Creates docker/secrets/, the files compose.yaml hands the services as Docker secrets, with
# fresh random passwords. A file that exists is kept, so running it again changes nothing; the
# URLs are built from the passwords beside them, so the two always agree.
set -eu
cd "$(dirname "$0")"
umask 077
mkdir -p secrets
# The folder keeps other users of this machine out. The files themselves must be readable by the
# containers' own users (node, postgres, redis), since Compose bind-mounts them as they are.
chmod 700 secrets

user=${POSTGRES_USER:-casebook}
db=${POSTGRES_DB:-casebook}
random_hex() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
create() {
  if [ ! -s "secrets/$1" ]; then
    printf '%s\n' "$2" > "secrets/$1"
    echo "created docker/secrets/$1"
  fi
}

# Hex passwords need no escaping inside a URL.
create postgres_password "$(random_hex)"
create redis_password "$(random_hex)"
create database_url "postgres://${user}:$(cat secrets/postgres_password)@postgres:5432/${db}"
create redis_url "redis://:$(cat secrets/redis_password)@redis:6379"
create eventstore_connection_string 'esdb://eventstore:2113?tls=false'
create admin_token "$(random_hex)"
# Signs the unsubscribe links of reminder emails; replacing it breaks the links already sent.
create unsubscribe_secret "$(random_hex)"
if [ ! -s secrets/smtp_url ]; then
  create smtp_url 'smtp://user:password@mail.example.org:587'
  echo 'edit docker/secrets/smtp_url: it names your mail server and its credentials'
fi
chmod 444 secrets/*
