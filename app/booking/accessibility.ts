// Accessibility features a room can have and a guest can ask for.
export const ACCESSIBILITY_FEATURES = [
  "step_free",
  "roll_in_shower",
  "grab_bars",
  "hearing_kit",
  "visual_alarm",
  "lowered_fixtures",
  "wide_doorways",
] as const;

export type AccessibilityFeature = (typeof ACCESSIBILITY_FEATURES)[number];
