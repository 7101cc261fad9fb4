/**
 * Landmark index sets of MediaPipe's 478-point face mesh used by the warp and its fills.
 * "Right" is the subject's right, which is the image's left (the side of landmark 33).
 */

/** Upper and lower lid lines, inner to outer order as MediaPipe's eye contours list them. */
export const RIGHT_EYE_UPPER = [246, 161, 160, 159, 158, 157, 173] as const;
export const RIGHT_EYE_LOWER = [7, 163, 144, 145, 153, 154, 155] as const;
/** Eye corners: outer, inner. */
export const RIGHT_EYE_CORNERS = [33, 133] as const;
export const LEFT_EYE_UPPER = [466, 388, 387, 386, 385, 384, 398] as const;
export const LEFT_EYE_LOWER = [249, 390, 373, 374, 380, 381, 382] as const;
export const LEFT_EYE_CORNERS = [263, 362] as const;
/** The lid crease ring above each upper lid, and the ring above it. */
export const RIGHT_EYE_CREASE = [247, 30, 29, 27, 28, 56, 190] as const;
export const LEFT_EYE_CREASE = [467, 260, 259, 257, 258, 286, 414] as const;
export const RIGHT_EYE_ABOVE_CREASE = [113, 225, 224, 223, 222, 221, 189] as const;
export const LEFT_EYE_ABOVE_CREASE = [342, 445, 444, 443, 442, 441, 413] as const;

/** Inner lip lines, corner (78) to corner (308). */
export const LIP_UPPER_INNER = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308] as const;
export const LIP_LOWER_INNER = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308] as const;
export const LIP_UPPER_OUTER = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291] as const;
export const LIP_LOWER_OUTER = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291] as const;

export const CHIN = 152;
/** Cheek points at the ears' height, the widest points of the face outline. */
export const RIGHT_CHEEK_EDGE = 234;
export const LEFT_CHEEK_EDGE = 454;
