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
//  3. when neither fires, a TF-IDF match of the English words against the
//     HS descriptions, with a confidence of at most 0.5.
//
// Classification is a pure function of its inputs: results can be cached
// by (description, hsCode).
package goods
