<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- The result of checking the activity log's hash chain. -->
  <xsl:template match="content" mode="page">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/activity">Activity log</a></nav>
    <h1>Activity log check</h1>
    <xsl:choose>
      <xsl:when test="verify/@ok = '1'"><p class="flash flash-ok">The log is intact: every entry follows the one before it.</p></xsl:when>
      <xsl:otherwise><p class="flash flash-error">The log is NOT intact<xsl:if test="verify/@summary">: <xsl:value-of select="verify/@summary"/></xsl:if>.</p></xsl:otherwise>
    </xsl:choose>
    <ul>
      <xsl:for-each select="verify/line"><li><xsl:value-of select="."/></li></xsl:for-each>
    </ul>
  </xsl:template>
</xsl:stylesheet>
