"use client";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { chartFrame, rpoBreachColor } from "@/components/dashboard/chart-style";
import { formatAxisCount, formatDay } from "@/components/dashboard/format";
import type { Dashboard } from "@/lib/schemas/dashboard";

/** Hidden from assistive tech like the backups chart: its figure gives the same numbers as text and a table. */
export default function RpoChart({ days }: { days: Dashboard["rpoBreachesPerDay"] }) {
  return (
    <div aria-hidden="true" className="h-64 w-full">
      <LineChart data={days} responsive accessibilityLayer={false} style={{ width: "100%", height: "100%" }} margin={chartFrame.margin}>
        <CartesianGrid vertical={false} stroke={chartFrame.gridStroke} />
        <XAxis dataKey="date" tickFormatter={formatDay} tick={chartFrame.tick} minTickGap={16} />
        <YAxis allowDecimals={false} tick={chartFrame.tick} tickFormatter={formatAxisCount} />
        <Tooltip labelFormatter={(day) => formatDay(String(day))} />
        <Line
          type="stepAfter"
          dataKey="breaches"
          name="Plans breaching their RPO"
          stroke={rpoBreachColor}
          strokeWidth={2}
          dot={{ r: 2, fill: rpoBreachColor }}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
