/**
 * Landmark index sets of the expression rig (MediaPipe 478-point mesh). "Right" and "left" are
 * the subject's: the right eye is the one around landmark 33, on the image's left.
 * Upper and lower lid lists run from the outer to the inner corner and pair up element by element
 * (each upper point sits above its lower partner), which is what lets a blink close them.
 */

export const RIGHT_EYE_CORNERS = [33, 133] as const; // outer, inner
export const LEFT_EYE_CORNERS = [263, 362] as const;

export const RIGHT_UPPER_LID = [246, 161, 160, 159, 158, 157, 173] as const;
export const RIGHT_LOWER_LID = [7, 163, 144, 145, 153, 154, 155] as const;
export const LEFT_UPPER_LID = [466, 388, 387, 386, 385, 384, 398] as const;
export const LEFT_LOWER_LID = [249, 390, 373, 374, 380, 381, 382] as const;

/** Rings above the upper lid: the lid crease (follows a blink ~45 %), then the skin below the brow. */
export const RIGHT_LID_CREASE = [247, 30, 29, 27, 28, 56, 190] as const;
export const LEFT_LID_CREASE = [467, 260, 259, 257, 258, 286, 414] as const;
export const RIGHT_BROW_SKIN = [113, 225, 224, 223, 222, 221, 189] as const;
export const LEFT_BROW_SKIN = [342, 445, 444, 443, 442, 441, 413] as const;
/** Ring below the lower lid. */
export const RIGHT_BELOW_LID = [130, 25, 110, 24, 23, 22, 26, 112, 243] as const;
export const LEFT_BELOW_LID = [359, 255, 339, 254, 253, 252, 256, 341, 463] as const;

export const RIGHT_BROW = [156, 70, 63, 105, 66, 107, 55, 193, 35, 124, 46, 53, 52, 65] as const;
export const LEFT_BROW = [383, 300, 293, 334, 296, 336, 285, 417, 265, 353, 276, 283, 282, 295] as const;

/** Irises: centre then 4 boundary points (image right, up, image left, down). */
export const RIGHT_IRIS = [468, 469, 470, 471, 472] as const;
export const LEFT_IRIS = [473, 474, 475, 476, 477] as const;

/** Mouth corners (outer lip contour), subject's right then left. */
export const MOUTH_CORNERS = [61, 291] as const;
/** The points beside the corners on the inner and semi-inner contours, and the outer-corner neighbours. */
export const INNER_MOUTH_CORNERS = [78, 308] as const;
export const SEMI_INNER_MOUTH_CORNERS = [62, 292] as const;
export const OUTER_CORNER_NEIGHBOURS = [76, 306] as const;

/** Lip contours from the subject's right corner to the left one. */
export const UPPER_LIP_OUTER = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291] as const;
export const LOWER_LIP_OUTER = [146, 91, 181, 84, 17, 314, 405, 321, 375] as const; // corners shared with the upper
export const UPPER_LIP_INNER = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308] as const;
export const LOWER_LIP_INNER = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308] as const;
export const UPPER_LIP_SEMI_INNER = [62, 183, 42, 41, 38, 12, 268, 271, 272, 407, 292] as const;
export const LOWER_LIP_SEMI_INNER = [62, 96, 89, 179, 86, 15, 316, 403, 319, 325, 292] as const;

/** Centre of the upper and lower inner lip: the mouth gap is measured between them. */
export const UPPER_LIP_CENTRE = 13;
export const LOWER_LIP_CENTRE = 14;

/** Cheek points the smile lifts (subject's right, left). */
export const SMILE_CHEEKS = [205, 425] as const;

/** Face sides at ear level (subject's right, left) and chin: the jaw's geometry. */
export const RIGHT_FACE_SIDE = 234;
export const LEFT_FACE_SIDE = 454;
export const CHIN = 152;
export const NOSE_TIP = 1;
export const FOREHEAD_TOP = 10;
