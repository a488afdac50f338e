<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:include href="../../../plugins/esign/xsl/esign-common.xsl"/>
  <!-- The public check of a sealed PDF. -->
  <xsl:template match="content" mode="page">
    <h1>Check a signed document</h1>
    <p>Upload a PDF sealed by this site to see whether the seal is ours and whether the document changed since it was sealed. Nothing you upload is kept.</p>
    <xsl:if test="verdict">
      <xsl:variable name="v" select="verdict"/>
      <section class="card" aria-live="polite">
        <xsl:choose>
          <xsl:when test="$v/@valid = '1' and $v/@ours = '1'">
            <h2>Valid: sealed by this site, unchanged since</h2>
          </xsl:when>
          <xsl:when test="$v/@valid = '1'">
            <h2>Not sealed by this site</h2>
            <p>The document is signed and unchanged, but by another certificate: <xsl:value-of select="$v/subject"/>.</p>
          </xsl:when>
          <xsl:otherwise>
            <h2>Not valid</h2>
            <p><xsl:value-of select="$v/why"/></p>
          </xsl:otherwise>
        </xsl:choose>
        <dl class="facts">
          <dt>File</dt><dd><xsl:value-of select="$v/name"/></dd>
          <dt>SHA-256</dt><dd><code class="esign-hash"><xsl:value-of select="$v/sha256"/></code></dd>
          <xsl:if test="$v/subject != ''"><dt>Signed by</dt><dd><xsl:value-of select="$v/subject"/></dd></xsl:if>
          <xsl:if test="$v/when != ''"><dt>Sealed</dt><dd><xsl:value-of select="$v/when"/></dd></xsl:if>
        </dl>
        <xsl:if test="$v/@known = '1'"><h3>Audit summary</h3><pre class="esign-audit"><xsl:value-of select="$v/audit"/></pre></xsl:if>
      </section>
    </xsl:if>
    <form method="post" action="{$base}/verify" enctype="multipart/form-data" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field"><xsl:with-param name="name">pdf</xsl:with-param><xsl:with-param name="label">Signed PDF</xsl:with-param><xsl:with-param name="type">file</xsl:with-param></xsl:call-template>
      <p><button type="submit" class="primary">Check</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
