#!/bin/sh
# Idempotent MinIO set-up for Prequel (run by the minio-setup Job; plain POSIX sh, no grep in the mc image).
set -eu

alias_name=prequel
attempts=0
until mc alias set "$alias_name" "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1 \
    && mc admin info "$alias_name" >/dev/null 2>&1; do
  attempts=$((attempts + 1))
  if [ "$attempts" -ge 60 ]; then
    echo "MinIO at $MINIO_URL not ready after $attempts tries" >&2
    exit 1
  fi
  sleep 5
done

for bucket in $BUCKETS; do
  mc mb --ignore-existing "$alias_name/$bucket"
done

# The services' own user, allowed only the pipeline's buckets.
policy_file=/tmp/prequel-pipeline-policy.json
resources=""
for bucket in $BUCKETS; do
  resources="$resources\"arn:aws:s3:::$bucket\",\"arn:aws:s3:::$bucket/*\","
done
resources=${resources%,}
printf '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":[%s]}]}\n' \
  "$resources" > "$policy_file"
mc admin policy create "$alias_name" prequel-pipeline "$policy_file"
mc admin user add "$alias_name" "$PREQUEL_S3_ACCESS_KEY" "$PREQUEL_S3_SECRET_KEY"
user_info=$(mc admin user info "$alias_name" "$PREQUEL_S3_ACCESS_KEY")
case "$user_info" in
  *prequel-pipeline*) echo "policy prequel-pipeline already attached" ;;
  *) mc admin policy attach "$alias_name" prequel-pipeline --user "$PREQUEL_S3_ACCESS_KEY" ;;
esac

# Every object put into the landing bucket becomes an S3 event record on storage.events.
events=$(mc event ls "$alias_name/$LANDING_BUCKET" "$NOTIFY_ARN" 2>/dev/null || true)
case "$events" in
  *"$NOTIFY_ARN"*) echo "notification $NOTIFY_ARN already on $LANDING_BUCKET" ;;
  *) mc event add "$alias_name/$LANDING_BUCKET" "$NOTIFY_ARN" --event put ;;
esac
echo "MinIO set up: buckets [$BUCKETS], notification $LANDING_BUCKET -> $NOTIFY_ARN"
