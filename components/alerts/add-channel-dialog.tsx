"use client";
import { Check, Copy, Plus } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch, type FieldErrors, type Resolver } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { controlClassName, Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { useCreateChannel } from "@/lib/client/alerts";
import { ApiClientError, errorMessageOf } from "@/lib/client/api-fetch";
import { applyFieldErrors } from "@/lib/client/apply-field-errors";
import { createChannelSchema, webhookFormatLabels, webhookFormats, type Channel, type CreateChannel, type WebhookFormat } from "@/lib/schemas/alerts";

/** What the dialog edits: recipients as typed (one box), split into the API's list on submit. */
interface ChannelForm {
  type: "webhook" | "email";
  name: string;
  format: WebhookFormat;
  url: string;
  recipients: string;
}

const FIELDS = ["type", "name", "format", "url", "recipients"] as const;

const inputOf = (values: ChannelForm): CreateChannel =>
  values.type === "webhook"
    ? { type: "webhook", name: values.name, format: values.format, url: values.url }
    : {
        type: "email",
        name: values.name,
        recipients: values.recipients
          .split(/[\s,;]+/)
          .map((r) => r.trim())
          .filter(Boolean),
      };

/** "recipients.2" (the third address) lands on the one recipients box. */
const fieldOf = (path: string) => FIELDS.find((f) => path === f || path.startsWith(`${f}.`));

/** createChannelSchema checks the form, as it checks the request: one schema, with the box split first. */
const channelResolver: Resolver<ChannelForm, unknown, CreateChannel> = async (values) => {
  const parsed = createChannelSchema.safeParse(inputOf(values));
  if (parsed.success) return { values: parsed.data, errors: {} };
  const errors: FieldErrors<ChannelForm> = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path.map(String).join(".")) ?? "name";
    errors[field] ??= { type: issue.code, message: issue.message };
  }
  return { values: {}, errors };
};

/** The server's field errors with recipient indexes folded onto the recipients box. */
function foldedErrors(err: unknown): unknown {
  if (!(err instanceof ApiClientError)) return err;
  const fieldErrors: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(err.fieldErrors)) {
    const key = fieldOf(path) ?? path;
    fieldErrors[key] = [...(fieldErrors[key] ?? []), ...messages];
  }
  return new ApiClientError(err.status, err.code, err.message, fieldErrors, err.requestId);
}

const emptyForm: ChannelForm = { type: "webhook", name: "", format: "generic", url: "", recipients: "" };

/** Add channel (admins): the form, then for a webhook the signing secret, shown this one time. */
export function AddChannelDialog({ onCreated }: { onCreated: (message: string) => void }) {
  const [isOpen, setIsOpen] = useState(false);
  const [created, setCreated] = useState<{ channel: Channel; secret: string } | null>(null);
  function handleOpenChange(open: boolean) {
    setIsOpen(open);
    if (!open) setCreated(null);
  }
  return (
    <Dialog open={isOpen} onOpenChange={handleOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden="true" />
          Add channel
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        {created ? (
          <SecretPanel channel={created.channel} secret={created.secret} />
        ) : (
          <ChannelFormBody
            onCreated={(channel, secret) => {
              onCreated(`Added channel ${channel.name}.`);
              if (secret) setCreated({ channel, secret });
              else handleOpenChange(false);
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function ChannelFormBody({ onCreated }: { onCreated: (channel: Channel, secret: string | null) => void }) {
  const form = useForm<ChannelForm, unknown, CreateChannel>({ resolver: channelResolver, defaultValues: emptyForm });
  const create = useCreateChannel();
  const [message, setMessage] = useState<string | null>(null);
  const type = useWatch({ control: form.control, name: "type" });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (input) => {
    setMessage(null);
    try {
      const result = await create.mutateAsync(input);
      onCreated(result.channel, result.secret);
    } catch (err) {
      if (!applyFieldErrors(form, foldedErrors(err))) setMessage(errorMessageOf(err));
    }
  });

  return (
    <>
      <DialogHeader>
        <DialogTitle>Add channel</DialogTitle>
        <DialogDescription>Every alert opened or resolved is sent to each enabled channel.</DialogDescription>
      </DialogHeader>
      <form onSubmit={onSubmit} noValidate className="grid gap-4">
        <StatusMessage message={message} testId="channel-form-error" />
        <fieldset disabled={form.formState.isSubmitting} className="grid gap-4">
          <FormField label="Type" error={errors.type?.message}>
            {(control) => (
              <Select {...control} {...form.register("type")}>
                <option value="webhook">Webhook</option>
                <option value="email">Email</option>
              </Select>
            )}
          </FormField>
          <FormField label="Name" error={errors.name?.message}>
            {(control) => <Input {...control} autoComplete="off" {...form.register("name")} />}
          </FormField>
          {type === "webhook" ? (
            <>
              <FormField label="Format" error={errors.format?.message} hint="DingTalk and Slack-compatible robots get their own message format; Generic JSON is signed with X-Signature.">
                {(control) => (
                  <Select {...control} {...form.register("format")}>
                    {webhookFormats.map((f) => (
                      <option key={f} value={f}>
                        {webhookFormatLabels[f]}
                      </option>
                    ))}
                  </Select>
                )}
              </FormField>
              <FormField label="URL" error={errors.url?.message} hint="Only its scheme and host are shown again: the rest of a robot's URL is itself a credential.">
                {(control) => <Input {...control} type="url" autoComplete="off" placeholder="https://" {...form.register("url")} />}
              </FormField>
            </>
          ) : (
            <FormField label="Recipients" error={errors.recipients?.message} hint="Email addresses separated by commas or new lines (at most 20).">
              {(control) => <textarea {...control} rows={3} className={controlClassName} {...form.register("recipients")} />}
            </FormField>
          )}
        </fieldset>
        <DialogFooter>
          <Button type="submit" isLoading={form.formState.isSubmitting}>
            Add channel
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}

function SecretPanel({ channel, secret }: { channel: Channel; secret: string }) {
  const [isCopied, setIsCopied] = useState(false);
  const [copyError, setCopyError] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setIsCopied(true);
      setCopyError(null);
    } catch {
      setCopyError("The browser did not allow copying: select the secret and copy it by hand.");
    }
  }
  return (
    <>
      <DialogHeader>
        <DialogTitle>Signing secret of {channel.name}</DialogTitle>
        <DialogDescription>Copy it now and store it where your receiver can read it.</DialogDescription>
      </DialogHeader>
      <Callout tone="warning">You will not see this secret again. If you lose it, delete the channel and add it again.</Callout>
      <div className="flex items-center gap-2">
        <code data-testid="channel-secret" className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm break-all text-slate-900">
          {secret}
        </code>
        <Button variant="secondary" onClick={() => void copy()}>
          {isCopied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {isCopied ? "Copied" : "Copy"}
        </Button>
      </div>
      <StatusMessage message={copyError} />
      <div className="grid gap-1 text-sm text-slate-700">
        <p className="font-medium text-slate-900">How to verify a delivery</p>
        <p>
          Each request carries <code className="font-mono">X-Signature: sha256=&lt;hex&gt;</code>, the HMAC-SHA256 of the raw request body with this secret. Compute it over
          the bytes received, before parsing the JSON, and compare in constant time.
        </p>
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button>Done</Button>
        </DialogClose>
      </DialogFooter>
    </>
  );
}
