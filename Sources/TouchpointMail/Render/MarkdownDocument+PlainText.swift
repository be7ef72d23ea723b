import TouchpointFrontEnd

extension MarkdownDocument {
    /// The readable plain-text rendering of the same document.
    public func plainText(width: Int = PlainTextRenderer.defaultWidth) -> String {
        PlainTextRenderer(width: width, allowHTML: allowsHTML).render(root)
    }
}
