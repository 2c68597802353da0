// Package goods classifies goods: HS codes, the Common High Priority List
// (CHPL) of items Russia seeks for its weapons, and the categories of
// concern beyond it (drones, engines, electronic warfare, military items).
//
// The HS 2022 nomenclature (5,613 subheadings) and the CHPL (BIS, February
// 2024: 50 subheadings in tiers 1, 2, 3.A, 3.B, 4.A and 4.B) are embedded in
// the binary as the tables under data/, which internal/gen writes from the
// published files in ../shared/data/goods (`go generate` in this folder; a
// test fails when the tables drift from their sources).
//
// NormalizeHS reads an HS code written any common way. A Classifier reads a
// free-text goods description in English, Russian or Chinese, as customs
// declarations write them, and returns the subheading, its CHPL tier, the
// category of concern, a confidence and the evidence that decided it. It
// works in three layers, strongest first:
//
//  1. part numbers of common components (STM32F407VGT6, XC7K325T, NEO-M8N,
//     IRF540N, GRM188..., 6204-2RS...), each naming its subheading;
//  2. a curated lexicon of weighted terms and phrases in the three
//     languages, Russian terms as stems ("микросхем*" matches every case
//     ending), Chinese terms as substrings;
//  3. when neither fires, a TF-IDF match of the words against the HS
//     descriptions, with a confidence of at most 0.5. Russian and Chinese
//     words are read through a curated glossary of customs vocabulary
//     (glossary.go: Russian stems and Chinese terms → the English words of
//     the HS texts), so "Центры обрабатывающие ... с ЧПУ" scores as
//     "machining centres numerically controlled" (8457.10) and "静止式变流器"
//     as "static converters" (8504.40). Within the heading the words chose,
//     the heading's documented default subheading is kept unless another
//     subheading's text holds more of the words.
//
// Each layer votes with a weight for a subheading or a heading; the heading
// with the highest total wins, then its best-voted subheading (or a
// documented default when only the heading is known). Two rules keep votes
// honest: words after "for", "для" or "к" describe the use, not the goods,
// and count half ("power supplies for laptops" are power supplies); and a
// single word inside a longer matched phrase of another heading does not
// vote alone ("aircraft engine" is not an aircraft); a platform word
// (drone, car, aircraft, laptop, phone) right before a term of another
// heading is a modifier and counts half ("drone batteries", "car tyres",
// "无人机电池"). The confidence grows with the winning score and shrinks
// with the runner-up's.
//
// A declared HS code wins unless the description contradicts it strongly
// (a part number or a specific phrase of another heading); then the
// description wins and the classification is marked Mismatch, since a
// civilian code on CHPL goods is itself a red flag.
//
// Classification is a pure function of its inputs (about 3 to 8 µs of CPU
// time when the lexicon or a part number decides, about 35 to 50 µs when
// the HS-description match does); Cache memoizes it for files that repeat
// their goods lines.
//
// The evaluation sets testdata/labelled.csv and testdata/blind2.csv (see
// testdata/README.md), TestLabelledAccuracy and TestBlind2Accuracy measure
// CHPL tier and HS heading accuracy in the three languages.
package goods
