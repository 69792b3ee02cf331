// What a room type offers besides its capacity, as managers describe it
// (issue 11) and guests read it: bed types and amenities, each a fixed code
// that every language names (beds.<code>, amenities.<code>).
export const BED_TYPES = ["single", "double", "queen", "king", "sofa_bed", "bunk", "cot"] as const;

export const AMENITIES = [
  "wifi",
  "air_conditioning",
  "heating",
  "tv",
  "minibar",
  "safe",
  "kettle",
  "coffee_machine",
  "desk",
  "balcony",
  "bathtub",
  "rain_shower",
  "hairdryer",
  "kitchenette",
  "river_view",
  "city_view",
] as const;

export type BedType = (typeof BED_TYPES)[number];
export type Amenity = (typeof AMENITIES)[number];
export type Bed = { type: BedType; count: number };

/** A photo as a page shows it: a responsive image with its alt text in the reader's language. */
export type ShownPhoto = { src: string; srcSet: string; alt: string; aspect: number };
