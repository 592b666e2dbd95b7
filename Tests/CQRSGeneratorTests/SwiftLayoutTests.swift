import CQRSGenerator
import Testing

/// The layout pass over rendered Swift (`SwiftLayout`), on its own.
@Suite("Swift layout")
struct SwiftLayoutTests {
    @Test func indentsByBracketsAndTrimsBlankLines() {
        let input = """
            struct A {


                  var x: Int
            func f() {

            g(1,
            2)
            }

            }
            """
        #expect(
            SwiftLayout.format(input) == """
                struct A {
                    var x: Int
                    func f() {
                        g(1,
                            2)
                    }
                }

                """)
    }

    @Test func casesSitAtTheSwitchsLevel() {
        let input = """
            switch x {
            case 1:
            a()
            default:
            b()
            }
            """
        #expect(
            SwiftLayout.format(input) == """
                switch x {
                case 1:
                    a()
                default:
                    b()
                }

                """)
    }

    @Test func bracketsInStringsAndCommentsDoNotCount() {
        let input = #"""
            let a = "{ ( ["
            let b = #"} " ) "#
            let c = "\(f("}")) {"
            // }
            let d = 1 /* { */
            x
            """#
        #expect(
            SwiftLayout.format(input) == #"""
                let a = "{ ( ["
                let b = #"} " ) "#
                let c = "\(f("}")) {"
                // }
                let d = 1 /* { */
                x

                """#)
    }

    @Test func aBlockCommentSpanningLinesIsReindentedAndItsBracketsIgnored() {
        let input = """
            enum E {
            /* a comment {
              /* nested ( */
            still the comment [
            */
            case a
            }
            """
        #expect(
            SwiftLayout.format(input) == """
                enum E {
                    /* a comment {
                    /* nested ( */
                    still the comment [
                    */
                    case a
                }

                """)
    }

    @Test func aMultilineStringPassesThroughByteForByte() {
        // The content's indentation, blank lines and trailing spaces are the string's value.
        let input =
            "enum E {\n"
            + "static let text = \"\"\"\n"
            + "      { not a bracket\n"
            + "\n"
            + "\n"
            + "  trailing  \n"
            + "  \\\"\"\" still inside\n"
            + "  \"\"\"\n"
            + "static let raw = #\"\"\"\n"
            + "  \"\"\" not the end\n"
            + "  \"\"\"#.count\n"
            + "}\n"
        let expected =
            "enum E {\n"
            + "    static let text = \"\"\"\n"
            + "      { not a bracket\n"
            + "\n"
            + "\n"
            + "  trailing  \n"
            + "  \\\"\"\" still inside\n"
            + "  \"\"\"\n"
            + "    static let raw = #\"\"\"\n"
            + "  \"\"\" not the end\n"
            + "  \"\"\"#.count\n"
            + "}\n"
        #expect(SwiftLayout.format(input) == expected)
    }

    @Test func aMultilineStringThatClosesAnArgumentListClosesIt() {
        let input = """
            f(
            \"\"\"
            text
            \"\"\")
            g()
            """
        #expect(SwiftLayout.format(input) == "f(\n    \"\"\"\ntext\n\"\"\")\ng()\n")
    }

    @Test func laysOutGeneratedCodeTheSameTwice() {
        let once = SwiftLayout.format("struct A {\n  /* x\n  */\n  let s = \"\"\"\n  a\n  \"\"\"\n}\n")
        #expect(SwiftLayout.format(once) == once)
    }
}
