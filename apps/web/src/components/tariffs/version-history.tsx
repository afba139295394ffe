import { Badge, Card, CardTitle } from '@magma/ui';
import type { TariffVersionEntry } from '@magma/core/tariffs';
import { dateTime } from '@/components/dashboard/format.ts';

/** Every published version, newest first: who published it, when it took effect, what it changed. */
export function VersionHistory({
  versions,
  currentId,
  timeZone,
}: {
  versions: TariffVersionEntry[];
  currentId: string | null;
  timeZone: string;
}) {
  const now = Date.now();
  return (
    <Card>
      <CardTitle description="Versions are never changed: sessions keep the version they started with.">
        History
      </CardTitle>
      <ol className="space-y-4" data-testid="version-history">
        {versions.map((v) => (
          <li key={v.id} className="border-l-2 border-line pl-3" data-testid={`version-${v.version}`}>
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">Version {v.version}</span>
              {v.id === currentId ? (
                <Badge tone="good">In use</Badge>
              ) : v.activeFrom.getTime() > now ? (
                <Badge tone="warn">Scheduled</Badge>
              ) : null}
            </div>
            <p className="text-xs text-muted">
              Published {dateTime(v.publishedAt, timeZone)}
              {v.publishedBy ? ` by ${v.publishedBy}` : ''}
              {v.activeFrom.getTime() !== v.publishedAt.getTime() ? ` · from ${dateTime(v.activeFrom, timeZone)}` : ''}
            </p>
            <ul className="mt-1 list-disc pl-5 text-sm">
              {v.changes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </Card>
  );
}
