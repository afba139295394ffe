import { Card, CardTitle } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { DestinationForm, ExportPanel } from './export-forms.tsx';

export const metadata = { title: 'Data export' };

// Settings → Data export: the operator's S3-compatible bucket, a connection test, and "Export now"
// with the run's progress. The worker also exports on the chosen schedule.
export default async function DataExportPage() {
  await requireAdmin();
  const api = await serverApi();
  const [destination, runs] = await Promise.all([api.exports.destination(), api.exports.runs()]);
  return (
    <div className="grid gap-8 lg:grid-cols-[3fr_2fr]">
      <div className="min-w-0 space-y-8">
        <Card>
          <CardTitle description="Sessions, priced lines, meter samples, payments and settlement statements, as Parquet and/or CSV, with a manifest per run. Each run exports what changed since the last one.">
            Export to your warehouse
          </CardTitle>
          <ExportPanel
            configured={destination !== null}
            lastSuccessAt={destination?.lastSuccessAt?.toISOString() ?? null}
            nextRunAt={destination?.enabled ? destination.nextRunAt.toISOString() : null}
            runs={runs.map((r) => ({
              ...r,
              createdAt: r.createdAt.toISOString(),
              finishedAt: r.finishedAt?.toISOString() ?? null,
            }))}
          />
        </Card>
      </div>
      <Card className="h-fit">
        <CardTitle description="Any S3-compatible store (AWS S3, Cloudflare R2, MinIO, Wasabi…). The secret is encrypted when saved and never shown again; only its last four characters are.">
          Destination
        </CardTitle>
        <DestinationForm
          current={
            destination
              ? {
                  endpointUrl: destination.endpointUrl,
                  region: destination.region,
                  bucket: destination.bucket,
                  prefix: destination.prefix,
                  accessKeyId: destination.accessKeyId,
                  secretLast4: destination.secretLast4,
                  forcePathStyle: destination.forcePathStyle,
                  format: destination.format,
                  schedule: destination.schedule,
                  enabled: destination.enabled,
                }
              : null
          }
        />
      </Card>
    </div>
  );
}
