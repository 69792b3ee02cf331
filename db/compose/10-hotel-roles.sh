#!/bin/sh
# Runs once, when the postgres service initialises an empty volume (the
# image runs every script in /docker-entrypoint-initdb.d). It creates the two
# roles of docs/decisions/017: hotel_owner owns the database and runs the
# migrations (the `migrate` service) and Electric's replication; hotel_app is
# what the app connects as, and owns nothing. The image's superuser is used
# for nothing else.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$HOTEL_OWNER_PASSWORD" -v app_password="$HOTEL_APP_PASSWORD" <<'SQL'
CREATE ROLE hotel_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE REPLICATION PASSWORD :'owner_password';
CREATE ROLE hotel_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
ALTER DATABASE hotel OWNER TO hotel_owner;
-- btree_gist is trusted, but creating it once here saves the owner the question.
CREATE EXTENSION IF NOT EXISTS btree_gist;
SQL
