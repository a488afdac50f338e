<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:include href="../../../plugins/esign/xsl/esign-common.xsl"/>
  <!--
    A viewer from outside the site reads the documents being signed: the
    same documents and parties as the signing page, nothing to sign.
  -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="s" select="signer"/>
    <xsl:variable name="b" select="$s/@base"/>
    <h1><xsl:value-of select="$s/title"/></h1>
    <p>For <xsl:value-of select="$s/client"/>. You receive these documents to read: there is nothing for you to sign. When everyone has signed, we e-mail you the sealed copy.</p>
    <xsl:if test="$s/message"><blockquote><xsl:value-of select="$s/message"/></blockquote></xsl:if>
    <h2>The documents</h2>
    <ul class="esign-docs">
      <xsl:for-each select="docs/doc">
        <li><a href="{$base}{$b}/doc/{position}"><xsl:value-of select="name"/></a>
          <span class="hint"> (PDF, opens the whole document). SHA-256 <code class="esign-hash"><xsl:value-of select="sha256"/></code></span></li>
      </xsl:for-each>
    </ul>
    <xsl:for-each select="docs/doc">
      <xsl:variable name="d" select="."/>
      <section class="preview esign-preview" aria-label="Pages of {name}">
        <h3><xsl:value-of select="name"/> (<xsl:value-of select="@pages"/><xsl:choose><xsl:when test="@pages = 1"> page</xsl:when><xsl:otherwise> pages</xsl:otherwise></xsl:choose>)</h3>
        <xsl:for-each select="page">
          <img class="esign-page" loading="lazy" src="{$base}{$b}/page/{$d/position}/{@n}" alt="Page {@n} of {$d/name}" width="900"/>
        </xsl:for-each>
      </section>
    </xsl:for-each>
    <h2>Who signs</h2>
    <ol class="esign-parties">
      <xsl:for-each select="signers/party">
        <li><xsl:value-of select="name"/> (<xsl:value-of select="role"/>, group <xsl:value-of select="grp"/>):
          <xsl:call-template name="badge"><xsl:with-param name="status" select="state"/></xsl:call-template></li>
      </xsl:for-each>
    </ol>
  </xsl:template>
</xsl:stylesheet>
