"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { RestoreFooter } from "@/components/restores/restore-footer";
import { DiskCategoryFields, SwitchField, useSubmitRestore } from "@/components/restores/restore-fields";
import { errorAt, useFormErrors } from "@/components/shared/form-errors";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { hostNameOf, restoredNameOf, restoreOptionsQuery } from "@/lib/client/restores";
import { labels } from "@/lib/schemas/labels";
import { regionNameOf } from "@/lib/schemas/region-names";
import { newInstanceRestoreSchema, restoreDiskCategories, type BackupPoint } from "@/lib/schemas/restore";

type FormInput = z.input<typeof newInstanceRestoreSchema>;
type FormOutput = z.output<typeof newInstanceRestoreSchema>;

const SHOWN_PATHS = [
  "restoreRegionId",
  "zoneId",
  "instanceType",
  "vSwitchId",
  "securityGroupId",
  "instanceName",
  "hostName",
  "privateIpAddress",
  "allocatePublicIp",
  "diskCategory",
  "diskPerformanceLevel",
  "bootAfterRestore",
] as const;

/** Create new instance: where it goes (region, zone, vSwitch, security group), what it is, and how it starts. */
export function NewInstanceForm({ point, onDone }: { point: BackupPoint; onDone: () => void }) {
  const [defaults] = useState<FormInput>(() => {
    const instanceName = restoredNameOf(point);
    return {
      kind: "newInstance",
      backupJobId: point.backupJobId,
      restoreRegionId: point.regionId,
      zoneId: "",
      instanceType: "",
      vSwitchId: "",
      securityGroupId: "",
      instanceName,
      hostName: hostNameOf(instanceName),
      privateIpAddress: "",
      allocatePublicIp: false,
      diskCategory: "cloud_essd",
      diskPerformanceLevel: "PL1",
      bootAfterRestore: true,
    };
  });
  // The member of createRestoreSchema the server parses this kind with.
  const form = useForm<FormInput, unknown, FormOutput>({ resolver: zodResolver(newInstanceRestoreSchema), defaultValues: defaults });
  const errors = useFormErrors(form.control);
  const { onSubmit, formError, isPending } = useSubmitRestore(form, SHOWN_PATHS, onDone);
  const [regionId, zoneId, instanceType, vSwitchId, securityGroupId, diskCategory, allocatePublicIp, bootAfterRestore] = useWatch({
    control: form.control,
    name: ["restoreRegionId", "zoneId", "instanceType", "vSwitchId", "securityGroupId", "diskCategory", "allocatePublicIp", "bootAfterRestore"],
  });
  // The region's zones from one read; what the chosen zone offers from a second (the server may narrow it to the zone).
  const regionOptions = useQuery(restoreOptionsQuery(regionId));
  const zones = regionOptions.data?.zones;
  const zoneOptions = useQuery({ ...restoreOptionsQuery(regionId, zoneId), enabled: zones?.some((z) => z.zoneId === zoneId) ?? false });
  const data = zoneId ? zoneOptions.data : undefined;
  const zone = zones?.find((z) => z.zoneId === zoneId);
  const instanceTypes = data?.instanceTypes.filter((t) => t.zoneIds.includes(zoneId)) ?? [];
  const vSwitches = data?.vSwitches.filter((v) => v.zoneId === zoneId) ?? [];
  const vpcId = vSwitches.find((v) => v.vSwitchId === vSwitchId)?.vpcId;
  const securityGroups = data?.securityGroups.filter((g) => !vpcId || g.vpcId === vpcId) ?? [];
  const diskCategories = restoreDiskCategories.filter((c) => !zone || zone.diskCategories.includes(c));
  const options = regionOptions.isError ? regionOptions : zoneOptions;

  // A choice the new region or zone does not offer is dropped, so the admin picks again from what it does offer.
  useEffect(() => {
    const set = (name: "zoneId" | "instanceType" | "vSwitchId" | "securityGroupId", value: string) => {
      if (form.getValues(name) !== value) form.setValue(name, value, { shouldDirty: true });
    };
    const values = form.getValues();
    if (zones && !zones.some((z) => z.zoneId === values.zoneId)) set("zoneId", zones[0]?.zoneId ?? "");
    if (!data) return;
    if (values.instanceType && !instanceTypes.some((t) => t.instanceType === values.instanceType)) set("instanceType", "");
    if (values.vSwitchId && !vSwitches.some((v) => v.vSwitchId === values.vSwitchId)) set("vSwitchId", "");
    if (values.securityGroupId && !securityGroups.some((g) => g.securityGroupId === values.securityGroupId)) set("securityGroupId", "");
    if (zone && values.diskCategory && !zone.diskCategories.includes(values.diskCategory) && diskCategories[0]) {
      form.setValue("diskCategory", diskCategories[0], { shouldDirty: true });
    }
  });

  const regionChoices = [point.regionId, ...(point.replicaRegionId && point.replicaRegionId !== point.regionId ? [point.replicaRegionId] : [])];
  const isLoading = regionOptions.isPending || (zoneId !== "" && zoneOptions.isPending);
  const emptyText = (what: string) => (isLoading ? "Loading…" : zoneId ? `No ${what} in this zone` : "Choose a zone first");

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4" aria-label="Create new instance">
      <fieldset disabled={isPending} className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="Restore region"
          className="sm:col-span-2"
          hint={point.replicaRegionId ? `The backup's region, or the ${labels.destinationRegion} its replica was copied to.` : undefined}
          error={errorAt(errors, "restoreRegionId")}
        >
          {(control) => (
            <Select {...control} {...form.register("restoreRegionId")} value={regionId}>
              {regionChoices.map((r) => (
                <option key={r} value={r}>
                  {r === point.regionId ? `${regionNameOf(r)} (region of the backup)` : `${regionNameOf(r)} (${labels.destinationRegion}, replica)`}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        {options.isError ? (
          <Callout tone="danger" className="grid gap-2 sm:col-span-2" data-testid="restore-options-error">
            <p>
              <span className="font-medium">The choices of {regionNameOf(regionId)} could not be loaded.</span> {errorMessageOf(options.error)}
            </p>
            <div>
              <Button variant="secondary" size="sm" isLoading={options.isRefetching} onClick={() => options.refetch()}>
                Try again
              </Button>
            </div>
          </Callout>
        ) : null}
        <FormField label="Zone" error={errorAt(errors, "zoneId")}>
          {(control) => (
            <Select {...control} {...form.register("zoneId")} value={zoneId} disabled={!zones?.length}>
              {zones?.length ? null : <option value="">{regionOptions.isPending ? "Loading…" : "No zones"}</option>}
              {zones?.map((z) => (
                <option key={z.zoneId} value={z.zoneId}>
                  {z.localName} ({z.zoneId})
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Instance type" error={errorAt(errors, "instanceType")}>
          {(control) => (
            <Select {...control} {...form.register("instanceType")} value={instanceType} disabled={instanceTypes.length === 0}>
              <option value="">{instanceTypes.length ? "Choose an instance type" : emptyText("instance types")}</option>
              {instanceTypes.map((t) => (
                <option key={t.instanceType} value={t.instanceType}>
                  {t.instanceType} ({t.cpu} vCPU, {t.memoryGiB} GiB)
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="vSwitch" error={errorAt(errors, "vSwitchId")}>
          {(control) => (
            <Select {...control} {...form.register("vSwitchId")} value={vSwitchId} disabled={vSwitches.length === 0}>
              <option value="">{vSwitches.length ? "Choose a vSwitch" : emptyText("vSwitches")}</option>
              {vSwitches.map((v) => (
                <option key={v.vSwitchId} value={v.vSwitchId}>
                  {v.name} ({v.vSwitchId}, {v.cidrBlock}, {v.availableIpCount} free IPs)
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Security group" hint={vpcId ? "Groups of the vSwitch's VPC." : undefined} error={errorAt(errors, "securityGroupId")}>
          {(control) => (
            <Select {...control} {...form.register("securityGroupId")} value={securityGroupId} disabled={securityGroups.length === 0}>
              <option value="">{securityGroups.length ? "Choose a security group" : isLoading ? "Loading…" : "No security groups"}</option>
              {securityGroups.map((g) => (
                <option key={g.securityGroupId} value={g.securityGroupId}>
                  {g.name} ({g.securityGroupId})
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Instance name" error={errorAt(errors, "instanceName")}>
          {(control) => <Input {...control} {...form.register("instanceName")} autoComplete="off" />}
        </FormField>
        <FormField label="Host name" error={errorAt(errors, "hostName")}>
          {(control) => <Input {...control} {...form.register("hostName")} autoComplete="off" />}
        </FormField>
        <FormField label="Private IP address (optional)" hint="Leave empty to get one from the vSwitch." error={errorAt(errors, "privateIpAddress")}>
          {(control) => <Input {...control} {...form.register("privateIpAddress")} inputMode="decimal" autoComplete="off" />}
        </FormField>
        <DiskCategoryFields
          categories={diskCategories}
          category={form.register("diskCategory")}
          level={form.register("diskPerformanceLevel")}
          value={diskCategory}
          errors={{ category: errorAt(errors, "diskCategory"), level: errorAt(errors, "diskPerformanceLevel") }}
        />
        <div className="grid gap-4 sm:col-span-2">
          <SwitchField
            label="Assign a public IP"
            description="Off: the restored instance is reachable only inside its VPC, so it cannot clash with the original on the internet."
            checked={allocatePublicIp ?? false}
            onCheckedChange={(on) => form.setValue("allocatePublicIp", on, { shouldDirty: true })}
          />
          <SwitchField
            label="Start the instance after restore"
            description="Off: the instance stays Stopped when the restore ends."
            checked={bootAfterRestore ?? true}
            onCheckedChange={(on) => form.setValue("bootAfterRestore", on, { shouldDirty: true })}
          />
        </div>
      </fieldset>
      <RestoreFooter formError={formError} isPending={isPending} submitLabel="Create instance" />
    </form>
  );
}
