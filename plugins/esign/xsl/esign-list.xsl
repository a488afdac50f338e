<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- The client's envelopes. -->
  <xsl:template match="content" mode="page">
    <h1>Signatures</h1>
    <xsl:choose>
      <xsl:when test="envelopes/envelope">
        <ul class="list">
          <xsl:for-each select="envelopes/envelope">
            <li><a href="{$base}/esign/{id}"><xsl:value-of select="title"/></a>
              <xsl:text> </xsl:text><xsl:call-template name="badge"><xsl:with-param name="status" select="state"/></xsl:call-template>
              <xsl:if test="mine &gt; 0"><xsl:text> </xsl:text><a class="button" href="{$base}/sign/{id}">Sign now</a></xsl:if></li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">file</xsl:with-param><xsl:with-param name="title">Nothing to sign.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
