#!/usr/bin/env bash
# Writes the git-ignored env files that base/kustomization.yaml's secretGenerator turns into Secrets:
#   base/minio/secrets.env     MinIO's root user (only MinIO and the set-up Job see it)
#   base/services/secrets.env  the pipeline's own MinIO user (PREQUEL_S3_ACCESS_KEY / _SECRET_KEY)
#   base/services/evaluator/secrets.env  the evaluator's admin API bearer token (PREQUEL_EVALUATOR_ADMIN_TOKEN)
# Existing files are kept, so re-running never changes the credentials of a running MinIO;
# --force writes new ones. Usage: deploy/generate-secrets.sh [--force] [DEPLOY_DIR]
set -euo pipefail

force=false
if [[ ${1:-} == --force ]]; then
  force=true
  shift
fi
deploy_dir=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}

# 24 random bytes as 48 hex characters: valid in an env file, a URL and MinIO's key rules.
random_hex() {
  od -An -N24 -tx1 /dev/urandom | tr -d ' \n'
}

write_env_file() {
  local file=$1
  shift
  if [[ -s $file && $force == false ]]; then
    echo "kept $file"
    return
  fi
  mkdir -p "$(dirname "$file")"
  (umask 077 && printf '%s\n' "$@" >"$file")
  echo "wrote $file"
}

write_env_file "$deploy_dir/base/minio/secrets.env" \
  "MINIO_ROOT_USER=root-$(random_hex | cut -c1-12)" \
  "MINIO_ROOT_PASSWORD=$(random_hex)"
write_env_file "$deploy_dir/base/services/secrets.env" \
  "PREQUEL_S3_ACCESS_KEY=prequel-$(random_hex | cut -c1-12)" \
  "PREQUEL_S3_SECRET_KEY=$(random_hex)"
write_env_file "$deploy_dir/base/services/evaluator/secrets.env" \
  "PREQUEL_EVALUATOR_ADMIN_TOKEN=$(random_hex)"
