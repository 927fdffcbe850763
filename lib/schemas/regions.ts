import { z } from "zod";
import { REGION_ID_PATTERN } from "./region-names";

export { DEFAULT_REGION_ID, regionNameOf, regionOrDefault, regions } from "./region-names";
export const regionIdSchema = z.string().regex(REGION_ID_PATTERN, "Not a region id");
