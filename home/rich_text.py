"""Which rich-text features editors get: full text blocks, and the shorter texts inside boxes and cards."""

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]
INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
