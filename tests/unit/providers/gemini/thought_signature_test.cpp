#include "providers/gemini/thought_signature.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace llmgw::providers::gemini {
namespace {

const std::string kCompact(kSignatureSeparator);
const std::string kOpaque(kOpaqueSignatureSeparator);

bool is_id_safe(std::string_view id) {
  return id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") ==
         std::string_view::npos;
}

TEST(GeminiThoughtSignatureTest, StandardBase64TravelsCompactAndComesBackExactly) {
  EXPECT_EQ(id_with_signature("call_7", "Cq8B+/9zAA=="), "call_7" + kCompact + "Cq8B-_9zAA");
  EXPECT_EQ(id_with_signature("call_7", "Cq8B+/9zAAE="), "call_7" + kCompact + "Cq8B-_9zAAE");
  EXPECT_EQ(id_with_signature("call_7", "Cq8B+/9z"), "call_7" + kCompact + "Cq8B-_9z");
  for (std::string signature :
       {"Cq8B+/9z", "Cq8B+/9zAA==", "Cq8B+/9zAAE=", "/+/+", "c2lnLWZha2Ut0", "a"}) {
    const std::string id = id_with_signature("call_7", signature);
    EXPECT_TRUE(is_id_safe(id)) << id;
    EXPECT_EQ(signature_from_id(id), signature) << id;
  }
}

TEST(GeminiThoughtSignatureTest, AnyOtherSignatureTravelsOpaqueAndComesBackExactly) {
  // Unpadded 4n+2 / 4n+3, URL-safe, bad padding, foreign characters, non-ASCII bytes.
  for (const std::string& signature :
       std::vector<std::string>{"Cq8B+/9zAA", "Cq8B+/9zAAE", "Cq8B-_9zAA", "AB=", "A===", "AB=C",
                                "=", "ab cd!\"", std::string("\x00\xff\x80z", 4), "ab", "abc"}) {
    const std::string id = id_with_signature("call_1", signature);
    EXPECT_TRUE(id.starts_with("call_1" + kOpaque)) << id;
    EXPECT_TRUE(is_id_safe(id)) << id;
    EXPECT_EQ(signature_from_id(id), signature) << id;
  }
  EXPECT_EQ(id_with_signature("c", "Cq8B-_9zAA"), "c" + kOpaque + "Q3E4Qi1fOXpBQQ");
}

TEST(GeminiThoughtSignatureTest, IdsWithoutSignatureStayUnchanged) {
  EXPECT_EQ(id_with_signature("call_seed_0", ""), "call_seed_0");
  EXPECT_EQ(signature_from_id("call_seed_0"), std::nullopt);
  EXPECT_EQ(signature_from_id("toolu_01A09q90qw90lq917835lq9"), std::nullopt);
}

TEST(GeminiThoughtSignatureTest, SignaturesOver16KiBAreDropped) {
  for (char fill : {'A', '!'}) {  // compact and opaque form
    const std::string limit(kMaxThoughtSignatureBytes, fill);
    const std::string id = id_with_signature("call_1", limit);
    ASSERT_NE(id, "call_1");
    EXPECT_EQ(signature_from_id(id), limit);
    EXPECT_EQ(id_with_signature("call_1", limit + fill), "call_1");
  }
  EXPECT_EQ(
      signature_from_id("call_1" + kCompact + std::string(kMaxThoughtSignatureBytes + 1, 'A')),
      std::nullopt);
  EXPECT_EQ(signature_from_id("call_1" + kOpaque +
                              std::string(kMaxThoughtSignatureBytes / 3 * 4 + 8, 'A')),
            std::nullopt);
}

TEST(GeminiThoughtSignatureTest, MalformedCarriedSignaturesAreIgnored) {
  EXPECT_EQ(signature_from_id("call_1" + kCompact), std::nullopt);
  EXPECT_EQ(signature_from_id("call_1" + kOpaque), std::nullopt);
  EXPECT_EQ(signature_from_id("call_1" + kCompact + "AB+C"), std::nullopt);  // not id-safe
  EXPECT_EQ(signature_from_id("call_1" + kCompact + "AB=="), std::nullopt);
  EXPECT_EQ(signature_from_id("call_1" + kCompact + "AB.C"), std::nullopt);
  EXPECT_EQ(signature_from_id("call_1" + kOpaque + "QUJDR"), std::nullopt);  // 4n+1 characters
  EXPECT_EQ(signature_from_id("call_1" + kOpaque + "QU=D"), std::nullopt);
}

TEST(GeminiThoughtSignatureTest, TheLastSeparatorStartsTheSignature) {
  // A base id that itself contains a separator (e.g. a client-chosen one) still works.
  for (std::string base : {"x" + kCompact + "y", "x" + kOpaque + "y"}) {
    EXPECT_EQ(signature_from_id(id_with_signature(base, "QUJD")), "QUJD") << base;
    EXPECT_EQ(signature_from_id(id_with_signature(base, "QU")), "QU") << base;
  }
  // A signature starting with '/' puts '_' right after the separator.
  EXPECT_EQ(signature_from_id(id_with_signature("call_", "/QUJ")), "/QUJ");
}

}  // namespace
}  // namespace llmgw::providers::gemini
