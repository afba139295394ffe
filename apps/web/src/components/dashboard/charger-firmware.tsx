'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, CardTitle, Input, Select, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { CommandReplyView, type CommandReply } from './charger-ops-reply.tsx';

// Firmware (L): upload an image (optionally signed) to our store, send it (or a URL) to the
// charger with its retrieve/install times and retries, publish it on a 2.0.1 local controller,
// and the charger's firmware history with every status it reported.

const FAILED = /Failed|Invalid|Revoked|Rejected|ERROR|TIMEOUT|OFFLINE/;
const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : '—');
const str = (f: FormData, k: string) => String(f.get(k) ?? '').trim();
const num = (f: FormData, k: string) => (str(f, k) ? Number(str(f, k)) : undefined);

export function ChargerFirmware({ chargerId, protocol }: { chargerId: string; protocol: 'OCPP16' | 'OCPP201' }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const images = useQuery(trpc.firmware.images.queryOptions({}));
  const history = useQuery({
    ...trpc.firmware.history.queryOptions({ chargerId }),
    refetchInterval: 5_000,
  });
  const [reply, setReply] = useState<CommandReply | null>(null);
  const [upload, setUpload] = useState<{ tone: 'success' | 'error' | 'info'; text: string } | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.firmware.history.queryKey({ chargerId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.firmware.images.queryKey({}) });
  };
  const done = { onSuccess: (r: { command: CommandReply }) => (setReply(r.command), refresh()) };
  const create = useMutation(trpc.firmware.createImage.mutationOptions());
  const update = useMutation(trpc.firmware.update.mutationOptions(done));
  const publish = useMutation(trpc.firmware.publish.mutationOptions(done));
  const unpublish = useMutation(trpc.firmware.unpublish.mutationOptions(done));
  const busy = update.isPending || publish.isPending || unpublish.isPending;
  const error = images.error ?? history.error ?? update.error ?? publish.error ?? unpublish.error ?? create.error;
  const ready = (images.data ?? []).filter((i) => i.status === 'READY');

  const onUpload = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const file = f.get('file');
    if (!(file instanceof File) || file.size === 0) return setUpload({ tone: 'error', text: 'Choose a file' });
    setUpload({ tone: 'info', text: 'Uploading…' });
    try {
      const { uploadPath } = await create.mutateAsync({
        version: str(f, 'version'),
        fileName: file.name.replace(/[^A-Za-z0-9._-]+/g, '_'),
        ...(str(f, 'signature') ? { signature: str(f, 'signature') } : {}),
        ...(str(f, 'signingCertificate') ? { signingCertificate: str(f, 'signingCertificate') } : {}),
      });
      const res = await fetch(uploadPath, { method: 'PUT', body: file });
      const body = (await res.json()) as { status?: string; problem?: string | null; error?: string };
      setUpload(
        res.ok
          ? { tone: 'success', text: `Image ready (${file.size.toLocaleString()} bytes)` }
          : { tone: 'error', text: `Refused: ${body.problem ?? body.error ?? res.statusText}` },
      );
      if (res.ok) form.reset();
    } catch (err) {
      setUpload({ tone: 'error', text: (err as Error).message });
    }
    refresh();
  };

  const onUpdate = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setReply(null);
    const imageId = str(f, 'imageId');
    update.mutate({
      chargerId,
      ...(imageId ? { imageId } : { location: str(f, 'location') }),
      ...(str(f, 'retrieveAt') ? { retrieveAt: new Date(str(f, 'retrieveAt')) } : {}),
      ...(str(f, 'installAt') ? { installAt: new Date(str(f, 'installAt')) } : {}),
      retries: num(f, 'retries'),
      retryInterval: num(f, 'retryInterval'),
      ...(protocol === 'OCPP16' ? { signedUpdate16: f.get('signed16') === 'on' } : {}),
    });
  };

  const requests = history.data?.requests ?? [];
  return (
    <Card className="mt-6">
      <CardTitle description="Firmware images are kept in our own storage and sent as a link valid for 24 hours; a signed image's signature is checked against the file at upload.">
        Firmware
      </CardTitle>
      <div aria-live="polite" className="mb-3 space-y-2" data-testid="firmware-result">
        {busy ? <Alert tone="info">Sending… waiting for the charger’s answer.</Alert> : null}
        {error ? <Alert>{error.message}</Alert> : null}
        {upload ? <Alert tone={upload.tone}>{upload.text}</Alert> : null}
        {reply && !busy ? <CommandReplyView reply={reply} testId="firmware-reply" /> : null}
      </div>
      <div className="grid gap-3 lg:grid-cols-2">
        <form
          className="grid gap-2 rounded-md border border-line p-3"
          aria-label="Upload firmware image"
          onSubmit={(e) => void onUpload(e)}
        >
          <strong className="text-sm">Upload an image (at most 256 MiB)</strong>
          <Input name="version" placeholder="Version, e.g. 2.4.1" required maxLength={50} aria-label="Version" />
          <input name="file" type="file" required aria-label="Firmware file" className="text-sm" />
          <Input name="signature" placeholder="Signature (base64, optional)" aria-label="Signature" maxLength={800} />
          <textarea
            name="signingCertificate"
            placeholder="Signing certificate (PEM, optional)"
            aria-label="Signing certificate"
            maxLength={5500}
            rows={3}
            className="rounded-md border border-line p-2 font-mono text-xs"
          />
          <Button type="submit" disabled={create.isPending}>
            Upload
          </Button>
        </form>
        <form className="grid gap-2 rounded-md border border-line p-3" aria-label="Update firmware" onSubmit={onUpdate}>
          <strong className="text-sm">Update firmware</strong>
          <Select name="imageId" aria-label="Image" defaultValue={ready[0]?.id ?? ''}>
            <option value="">A URL instead…</option>
            {ready.map((i) => (
              <option key={i.id} value={i.id}>
                {i.version} · {i.fileName}
                {i.signature ? ' · signed' : ''}
              </option>
            ))}
          </Select>
          <Input name="location" type="url" placeholder="https://… (when no image is chosen)" aria-label="URL" />
          <label className="grid gap-1 text-xs text-muted">
            Retrieve at (empty: now)
            <Input name="retrieveAt" type="datetime-local" aria-label="Retrieve at" />
          </label>
          {protocol === 'OCPP201' ? (
            <label className="grid gap-1 text-xs text-muted">
              Install at (optional)
              <Input name="installAt" type="datetime-local" aria-label="Install at" />
            </label>
          ) : (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="signed16" defaultChecked /> SignedUpdateFirmware (security extension) for a
              signed image
            </label>
          )}
          <div className="grid grid-cols-2 gap-2">
            <Input name="retries" type="number" min={0} max={100} placeholder="Retries" aria-label="Retries" />
            <Input
              name="retryInterval"
              type="number"
              min={0}
              max={86400}
              placeholder="Retry interval (s)"
              aria-label="Retry interval"
            />
          </div>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={busy}>
              Update firmware
            </Button>
            {protocol === 'OCPP201' ? (
              <Button
                type="button"
                variant="secondary"
                disabled={busy || !ready.length}
                onClick={(e) => {
                  const imageId = String(new FormData(e.currentTarget.form!).get('imageId') ?? '');
                  if (imageId) publish.mutate({ chargerId, imageId });
                }}
              >
                Publish (local controller)
              </Button>
            ) : null}
          </div>
        </form>
      </div>
      <h3 className="mb-2 mt-4 text-sm font-semibold">History</h3>
      {requests.length === 0 ? (
        <p className="text-sm text-muted">No firmware requests yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <thead>
              <tr>
                <Th>Sent</Th>
                <Th>Request</Th>
                <Th>Answer</Th>
                <Th>Steps</Th>
                <Th>Final</Th>
              </tr>
            </thead>
            <tbody data-testid="firmware-history">
              {requests.map((r) => (
                <tr key={r.requestId}>
                  <Td>{when(r.createdAt)}</Td>
                  <Td>
                    {r.action}
                    {r.imageVersion ? ` · ${r.imageVersion}` : r.location ? ` · ${r.location}` : ''}
                    {r.signed ? ' · signed' : ''}
                  </Td>
                  <Td>{r.answer ?? '…'}</Td>
                  <Td>
                    <ol className="space-y-0.5 text-xs">
                      {r.steps.map((s, i) => (
                        <li key={i}>
                          {new Date(s.at).toLocaleTimeString()} {s.status}
                        </li>
                      ))}
                    </ol>
                  </Td>
                  <Td>
                    {r.finishedAt ? (
                      <Badge tone={FAILED.test(r.status ?? r.answer ?? '') ? 'bad' : 'good'}>
                        {r.status ?? r.answer}
                      </Badge>
                    ) : (
                      <Badge tone="neutral">{r.status ?? 'waiting'}</Badge>
                    )}
                    {r.kind === 'PUBLISH' && !r.unpublishedAt && r.answer === 'Accepted' ? (
                      <Button
                        type="button"
                        variant="secondary"
                        className="ml-2"
                        disabled={busy}
                        onClick={() => unpublish.mutate({ chargerId, requestId: r.requestId })}
                      >
                        Unpublish
                      </Button>
                    ) : null}
                    {r.unpublishedAt ? <span className="ml-2 text-xs text-muted">unpublished</span> : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </Card>
  );
}
