import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cronHour } from '../lib/workloadSchedules.js';
import { ruleTester } from '../ruleTester.js';
import detector from './workloadSchedules.js';

test('cronHour reads the hour of 5- and 6-field expressions and nothing else', () => {
  assert.equal(cronHour('0 4 * * *'), 4);
  assert.equal(cronHour('0 0 1 * * ?'), 1);
  assert.equal(cronHour('30 2-4 * * 1'), 2);
  assert.equal(cronHour('*/10 * * * *'), undefined);
  assert.equal(cronHour('0 */6 * * *'), undefined);
  assert.equal(cronHour('@daily'), undefined);
  assert.equal(cronHour('0 25 * * *'), undefined);
});

const BACKUP_CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup-db
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: dump
              image: postgres:16
              command: ["/bin/sh", "-c", "pg_dump -Fc app > /backup/app.dump"]
`;

ruleTester(detector, [
  {
    name: 'a Kubernetes backup CronJob at 03:00 runs off-peak',
    files: { 'k8s/backup.yaml': BACKUP_CRONJOB },
    claims: [{ practice: 'pe.4.ops.scheduled', status: 'partial', at: 'k8s/backup.yaml:6' }],
  },
  {
    name: 'a Spring job at 01:00 that deletes stale accounts is off-peak and removes old data',
    files: {
      'pom.xml':
        '<project>\n  <dependencies>\n    <dependency>\n      <artifactId>spring-boot-starter</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n',
      'src/main/java/app/UserService.java':
        'class UserService {\n  @Scheduled(cron = "0 0 1 * * ?")\n  public void removeStaleUsers() {\n    repo.deleteAll(repo.findStale());\n  }\n}\n',
    },
    claims: [
      { practice: 'pe.4.ops.scheduled', status: 'partial', at: 'src/main/java/app/UserService.java:2' },
      { practice: 'pe.4.data.lifecycle', status: 'partial', at: 'src/main/java/app/UserService.java:2' },
    ],
  },
  {
    name: 'Hasura cron triggers: a nightly log clean-up',
    files: {
      'hasura/metadata/cron_triggers.yaml':
        '- name: clean-logs\n  webhook: http://api/clean-logs\n  schedule: 0 0 * * *\n- name: recount\n  webhook: http://api/recount\n  schedule: "* * * * *"\n',
    },
    claims: [
      { practice: 'pe.4.ops.scheduled', status: 'partial', at: 'hasura/metadata/cron_triggers.yaml:1' },
      { practice: 'pe.4.data.lifecycle', status: 'partial', at: 'hasura/metadata/cron_triggers.yaml:1' },
    ],
  },
  {
    name: 'Celery beat with the hour taken from settings',
    files: {
      'requirements.txt': 'celery==5.3.0\n',
      'app/settings.py':
        'CELERY_BEAT_SCHEDULE = {\n    name: {"task": task, "schedule": crontab(hour=hour, minute=minute)}\n    for (name, task, hour, minute) in TASKS\n}\n',
    },
    claims: [{ practice: 'pe.4.ops.scheduled', status: 'partial', at: 'app/settings.py:2' }],
  },
  {
    name: 'jobs every few minutes, a daytime report and a CronJob in a README are not off-peak work',
    trap: true,
    files: {
      'k8s/warm.yaml': BACKUP_CRONJOB.replace('"0 3 * * *"', '"*/5 * * * *"').replace(
        'backup-db',
        'warm-cache',
      ),
      'src/report.js': "cron.schedule('0 14 * * 1-5', () => sendReport());\n",
      'README.md': '```yaml\nkind: CronJob\nspec:\n  schedule: "0 2 * * *"\n```\n',
      'app/tasks.py':
        'app.conf.beat_schedule = {"poll": {"task": "poll", "schedule": crontab(minute="*/5")}}\n',
    },
    claims: [],
  },
  {
    name: 'a Celery beat schedule written over several lines: nightly deletions',
    files: {
      'pyproject.toml': '[tool.poetry.dependencies]\ncelery = {extras = ["sqs"], version = "5.6.3"}\n',
      'app/config.py':
        'CELERYBEAT_SCHEDULE = {\n    "delete-sms-notifications": {\n        "task": "delete-sms-notifications",\n        "schedule": crontab(hour=4, minute=15),\n    },\n}\n',
    },
    claims: [
      { practice: 'pe.4.ops.scheduled', status: 'partial', at: 'app/config.py:3' },
      { practice: 'pe.4.data.lifecycle', status: 'partial', at: 'app/config.py:3' },
    ],
  },
  {
    name: 'backup and maintenance windows of a Cloud SQL instance and an RDS cluster, at night',
    files: {
      'terraform/database.tf':
        'resource "google_sql_database_instance" "db" {\n  settings {\n    backup_configuration {\n      enabled    = true\n      start_time = "02:00"\n    }\n    maintenance_window {\n      day  = 7\n      hour = 2\n    }\n  }\n}\nresource "aws_rds_cluster" "orders" {\n  preferred_backup_window      = "03:00-04:00"\n  preferred_maintenance_window = "sun:05:00-sun:06:00"\n}\n',
    },
    claims: [
      {
        practice: 'pe.4.ops.scheduled',
        status: 'partial',
        at: [
          'terraform/database.tf:5',
          'terraform/database.tf:9',
          'terraform/database.tf:14',
          'terraform/database.tf:15',
        ],
      },
    ],
  },
  {
    name: 'a maintenance window in the middle of the day is not off-peak',
    trap: true,
    files: {
      'terraform/database.tf':
        'resource "google_sql_database_instance" "db" {\n  settings {\n    maintenance_window {\n      day  = 3\n      hour = 14\n    }\n  }\n}\n',
    },
    claims: [],
  },
  {
    name: 'a Compose service whose command is a nightly crontab line that cleans up old events',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: app\n  sentry-cleanup:\n    image: cleanup\n    command: \'"0 0 * * * gosu sentry sentry cleanup --days $SENTRY_EVENT_RETENTION_DAYS"\'\n',
    },
    claims: [
      { practice: 'pe.4.ops.scheduled', status: 'partial', at: 'docker-compose.yml:6' },
      { practice: 'pe.4.data.lifecycle', status: 'partial', at: 'docker-compose.yml:6' },
    ],
  },
  {
    name: 'a Spring job whose cron comes from application.properties (04:00) is off-peak',
    files: {
      'build.gradle':
        "dependencies {\n  implementation 'org.springframework.boot:spring-boot-starter-web'\n}\n",
      'src/main/resources/application.properties':
        '# refresh the cache every day at 4am\nref.cache.cron=0 0 4 * * ?\n',
      'src/main/java/Ref.java':
        'class Ref {\n  @Scheduled(cron = "${ref.cache.cron}")\n  public void refreshCache() {}\n}\n',
    },
    claims: [{ practice: 'pe.4.ops.scheduled', status: 'partial', at: 'src/main/java/Ref.java:2' }],
  },
  {
    name: 'an Azure VM backup policy at 22:00 in Terraform runs off-peak',
    files: {
      'infra/backup.tf':
        'resource "azurerm_backup_policy_vm" "daily" {\n  name = "daily"\n  backup {\n    frequency = "Daily"\n    time      = "22:00"\n  }\n}\n',
    },
    claims: [{ practice: 'pe.4.ops.scheduled', status: 'partial', at: 'infra/backup.tf:5' }],
  },
  {
    name: 'a Spring cron from settings at 14:00 and a backup policy at noon are daytime work',
    trap: true,
    files: {
      'pom.xml':
        '<project><dependencies><dependency><artifactId>spring-boot-starter</artifactId></dependency></dependencies></project>\n',
      'src/main/resources/application.properties': 'report.cron=0 0 14 * * MON-FRI\n',
      'src/main/java/Report.java':
        'class Report {\n  @Scheduled(cron = "${report.cron}")\n  void send() {}\n}\n',
      'infra/backup.tf':
        'resource "azurerm_backup_policy_vm" "d" {\n  backup {\n    frequency = "Daily"\n    time = "12:00"\n  }\n}\n',
    },
    claims: [],
  },
  {
    name: 'a sidekiq-cron timetable: a nightly expiry job runs off-peak and removes old data',
    files: {
      Gemfile: 'gem "sidekiq"\ngem "sidekiq-cron", "~> 2.4"\n',
      'config/sidekiq_cron_schedule.yml':
        '# nightly\nexpire_tokens:\n  cron: "0 1 * * *" # 01:00\n  class: "Tokens::ExpireJob"\n  queue: default\nsend_digest:\n  class: "DigestJob"\n  cron: "*/20 * * * *"\n',
    },
    claims: [
      { practice: 'pe.4.ops.scheduled', status: 'partial', at: 'config/sidekiq_cron_schedule.yml:3' },
      { practice: 'pe.4.data.lifecycle', status: 'partial', at: 'config/sidekiq_cron_schedule.yml:3' },
    ],
  },
  {
    name: 'a Redis patch schedule at 01:00 UTC handed to a shared module runs off-peak',
    files: {
      'terraform/redis.tf':
        'module "redis" {\n  source = "git::https://github.com/org/terraform-modules.git//aks/redis?ref=v1"\n  azure_patch_schedule = [{ "day_of_week": "Sunday", "start_hour_utc": 01 }]\n}\n',
    },
    claims: [{ practice: 'pe.4.ops.scheduled', status: 'partial', at: 'terraform/redis.tf:3' }],
  },
  {
    name: 'a cron timetable in YAML without a Ruby scheduler in the Gemfile is not read',
    trap: true,
    files: {
      Gemfile: 'gem "rails"\n',
      'config/schedule.yml': 'cleanup:\n  cron: "0 2 * * *"\n  class: "CleanupJob"\n',
    },
    claims: [],
  },
]);
