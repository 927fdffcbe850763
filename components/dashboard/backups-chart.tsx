"use client";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { backupOutcomeColors, chartFrame } from "@/components/dashboard/chart-style";
import { backupOutcomeLabels, backupOutcomes, formatAxisCount, formatDay } from "@/components/dashboard/format";
import type { Dashboard } from "@/lib/schemas/dashboard";

/**
 * Drawn for sighted users only: the figure around it carries the same numbers as text and a table, so the SVG
 * is hidden from assistive tech and recharts' keyboard layer is off (a focusable node inside aria-hidden fails axe).
 */
export default function BackupsChart({ days }: { days: Dashboard["backupsPerDay"] }) {
  return (
    <div aria-hidden="true" className="h-64 w-full">
      <BarChart data={days} responsive accessibilityLayer={false} style={{ width: "100%", height: "100%" }} margin={chartFrame.margin}>
        <CartesianGrid vertical={false} stroke={chartFrame.gridStroke} />
        <XAxis dataKey="date" tickFormatter={formatDay} tick={chartFrame.tick} minTickGap={16} />
        <YAxis allowDecimals={false} tick={chartFrame.tick} tickFormatter={formatAxisCount} />
        <Tooltip labelFormatter={(day) => formatDay(String(day))} cursor={{ fill: "#f1f5f9" }} />
        <Legend
          // In stack order, bottom first, rather than recharts' alphabetical default; labels in text colour, not the series'.
          itemSorter={null}
          wrapperStyle={{ fontSize: 12 }}
          formatter={(label) => <span style={{ color: "#334155" }}>{label}</span>}
        />
        {backupOutcomes.map((outcome) => (
          <Bar
            key={outcome}
            dataKey={outcome}
            name={backupOutcomeLabels[outcome]}
            stackId="backups"
            fill={backupOutcomeColors[outcome]}
            // A white seam between segments keeps neighbouring colours apart whatever their hue.
            stroke="#ffffff"
            strokeWidth={1}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </div>
  );
}
