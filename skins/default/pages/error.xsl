<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Every error page: status, a plain message, an incident id to quote. -->
  <xsl:template match="content" mode="page">
    <section class="narrow error-page">
      <h1>
        <xsl:choose>
          <xsl:when test="error/@status = 404">Page not found</xsl:when>
          <xsl:when test="error/@status = 403">Not allowed</xsl:when>
          <xsl:when test="error/@status = 503">Temporarily unavailable</xsl:when>
          <xsl:when test="error/@status = 413">Too large</xsl:when>
          <xsl:when test="error/@status &lt; 500">Something is wrong with the request</xsl:when>
          <xsl:otherwise>Something went wrong</xsl:otherwise>
        </xsl:choose>
      </h1>
      <p><xsl:value-of select="error/@message"/></p>
      <xsl:if test="error/@incident">
        <p class="incident">If you contact us about this, quote reference <strong><xsl:value-of select="error/@incident"/></strong>.</p>
      </xsl:if>
      <p class="small">Error <xsl:value-of select="error/@status"/></p>
      <p><a href="{$base}/">Go to the home page</a></p>
    </section>
  </xsl:template>
</xsl:stylesheet>
